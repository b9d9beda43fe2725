import path from 'node:path';
import type { Reporter, TestModule } from 'vitest/node';

/** Per file: import plus tests and hooks, the time a file holds a worker. */
function fileMilliseconds(module: TestModule): number {
  const diagnostic = module.diagnostic();
  return diagnostic.collectDuration + diagnostic.setupDuration + diagnostic.duration;
}

/** After the run, the files that took longest: where to look first when the suite gets slow. */
export default class SlowestFilesReporter implements Reporter {
  private readonly count = 15;

  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    if (testModules.length < 2) return;
    const slowest = [...testModules].sort((a, b) => fileMilliseconds(b) - fileMilliseconds(a)).slice(0, this.count);
    const lines = slowest.map((module) => {
      const seconds = (fileMilliseconds(module) / 1000).toFixed(1).padStart(7);
      return `${seconds} s  ${path.relative(process.cwd(), module.moduleId)}`;
    });
    process.stdout.write(`\nSlowest test files:\n${lines.join('\n')}\n`);
  }
}
