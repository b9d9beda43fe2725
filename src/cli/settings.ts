import { runCli } from './run-cli';
import { runSettingsCommand } from './settings-command';

runCli(async () => {
  process.exitCode = await runSettingsCommand(process.argv.slice(2), process.env, {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
  });
});
