import { runJobsCommand } from '../../src/cli/jobs-command';
import { UsageError } from '../../src/cli/run-cli';

/**
 * `npm run jobs` in this process, without a tsx start per call: exit code 0, or 2 for a usage error as runCli maps it
 * (jobs-cli.test.ts keeps one call through the CLI's own process).
 */
export async function runJobs(args: string[], env: Record<string, string>) {
  let stdout = '';
  let stderr = '';
  const output = { stdout: (text: string) => (stdout += text), stderr: (text: string) => (stderr += text) };
  try {
    await runJobsCommand(args, { ...process.env, LOG_LEVEL: 'silent', ...env }, output);
    return { code: 0, stdout, stderr };
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    return { code: 2, stdout, stderr: `${stderr}${error.message}` };
  }
}
