import { parseArgs } from 'node:util';
import { ConfigError, parseEnv } from '../config/env';
import { createHubSpotClient } from '../hubspot/client';
import { checkProductProperties } from '../hubspot/properties/check-properties';
import { runCli, UsageError } from './run-cli';
import { portalTarget } from './runtime';

const usage = `Usage:
  npm run properties -- check [--json]   compares the portal of HUBSPOT_ACCESS_TOKEN with the properties the app needs:
                                         missing ones (the next start creates them), outdated ones (the next start puts
                                         back their label, group, options or currency display) and drift (a property of
                                         the same name with another type, which the app leaves alone); exits 1 on drift`;

runCli(async () => {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { json: { type: 'boolean', default: false } },
  });
  const [command] = positionals;
  if (command !== 'check')
    throw new UsageError(command ? `Unknown command "${command}"` : 'A command is required', usage);
  const env = parseEnv();
  if (!env.HUBSPOT_ACCESS_TOKEN)
    throw new ConfigError(['HUBSPOT_ACCESS_TOKEN: check reads the portal of this private app token; it is not set']);
  const result = await checkProductProperties(
    createHubSpotClient(portalTarget(env, env.HUBSPOT_ACCESS_TOKEN).connection),
  );
  if (values.json) process.stdout.write(`${JSON.stringify(result)}\n`);
  else {
    for (const name of result.missing) process.stdout.write(`missing\t${name}\n`);
    for (const name of result.outdated)
      process.stdout.write(
        `outdated\t${name}\tthe next start puts back its label, group, options or currency display\n`,
      );
    for (const drift of result.drift)
      process.stdout.write(`drift\t${drift.objectType}.${drift.property}\t${drift.message}\n`);
    if (result.missing.length === 0 && result.outdated.length === 0 && result.drift.length === 0)
      process.stdout.write('every property the app needs is there\n');
  }
  if (result.drift.length > 0) process.exitCode = 1;
});
