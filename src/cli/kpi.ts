import { processOutput } from './command-output';
import { runKpiCommand } from './kpi-command';
import { runCli } from './run-cli';

runCli(() => runKpiCommand(process.argv.slice(2), process.env, processOutput));
