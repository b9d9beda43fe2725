import { parseArgs } from 'node:util';
import { parseEnv } from '../config/env';
import { ingestionSettingsSchema } from '../domain/usage/ingestion-settings';
import { purgeExpiredUsageEvents } from '../services/ingestion/retention';
import { runCli, UsageError } from './run-cli';
import { openConfiguredDatabase } from './runtime';

const usage = `Usage:
  npm run usage -- purge --portal <id> [--months 13]
Deletes the portal's raw usage events older than the retention period (default 13 months);
daily active users, features and sessions are kept. Prints { cutoff, deleted } as JSON on stdout.`;

runCli(async () => {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { portal: { type: 'string' }, months: { type: 'string' } },
  });
  if (positionals[0] !== 'purge' || positionals.length > 1) throw new UsageError('Expected: purge', usage);
  const portalId = Number(values.portal);
  if (!Number.isSafeInteger(portalId) || portalId <= 0) throw new UsageError('--portal <id> is required', usage);
  const settings = ingestionSettingsSchema.safeParse({
    retentionMonths: values.months === undefined ? undefined : Number(values.months),
  });
  if (!settings.success) throw new UsageError('--months must be a whole number of months, at least 1', usage);
  const database = await openConfiguredDatabase(parseEnv());
  try {
    const result = await purgeExpiredUsageEvents(database.db, portalId, settings.data);
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    await database.close();
  }
});
