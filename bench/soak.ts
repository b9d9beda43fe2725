// npm run soak -- [--seconds 180] [--short] [--companies 200] [--keep]
// See bench/soak-run.ts for what runs; it exits 1 when a check fails.
import { parseArgs } from 'node:util';
import { runCli } from '../src/cli/run-cli';
import { defaultSoakOptions, formatSoakReport, runSoak, shortSoakOptions } from './soak-run';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string' },
    short: { type: 'boolean', default: false },
    companies: { type: 'string' },
    keep: { type: 'boolean', default: false },
  },
});

runCli(async () => {
  const base = values.short ? shortSoakOptions : defaultSoakOptions;
  const report = await runSoak({
    ...base,
    ...(values.seconds === undefined ? {} : { seconds: Number(values.seconds) }),
    ...(values.companies === undefined ? {} : { companies: Number(values.companies) }),
    keep: values.keep,
  });
  for (const line of formatSoakReport(report)) process.stdout.write(`${line}\n`);
  if (!report.exactlyOnce || !report.allJobsCompleted) process.exitCode = 1;
});
