import { processOutput } from './command-output';
import { runJobsCommand } from './jobs-command';
import { runCli } from './run-cli';

runCli(() => runJobsCommand(process.argv.slice(2), process.env, processOutput));
