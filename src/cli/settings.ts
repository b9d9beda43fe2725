import { processOutput } from './command-output';
import { runCli } from './run-cli';
import { runSettingsCommand } from './settings-command';

runCli(async () => {
  process.exitCode = await runSettingsCommand(process.argv.slice(2), process.env, processOutput);
});
