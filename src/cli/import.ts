import { createReadStream } from 'node:fs';
import { parseArgs } from 'node:util';
import { ZodError } from 'zod';
import { parseEnv } from '../config/env';
import { parseColumnMappings } from '../domain/usage/csv-mapping';
import { ingestionSettingsSchema } from '../domain/usage/ingestion-settings';
import { importUsageCsv } from '../services/ingestion/csv-import';
import { ingestionTarget } from '../services/ingestion/ingest-events';
import { runCli, UsageError } from './run-cli';
import { openConfiguredDatabase } from './runtime';

const usage = `Usage:
  npm run import -- usage <file.csv> --portal <id> [--map column=field ...]
Fields: messageId, companyId, accountId, userId, event, timestamp, sessionId, durationSeconds,
properties.<name>, ignore. Columns named like a field map to it; other columns become properties.
Prints a JSON report (rows, stored, duplicates, unmatched, rejected rows with line numbers) on stdout.`;

runCli(async () => {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { portal: { type: 'string' }, map: { type: 'string', multiple: true } },
  });
  const [kind, file] = positionals;
  if (kind !== 'usage' || !file) throw new UsageError('Expected: usage <file.csv>', usage);
  const portalId = Number(values.portal);
  if (!Number.isSafeInteger(portalId) || portalId <= 0) throw new UsageError('--portal <id> is required', usage);
  let mappings;
  try {
    mappings = parseColumnMappings(values.map ?? []);
  } catch (error) {
    if (error instanceof ZodError) throw new UsageError(error.issues.map((issue) => issue.message).join('; '), usage);
    throw error;
  }
  const database = await openConfiguredDatabase(
    parseEnv(),
    undefined,
    (url) =>
      `post the file to it: curl -X POST --data-binary @${file} -H 'Content-Type: text/csv' -H 'Authorization: Bearer <ingestion key>' ${url ?? '<service URL>'}/api/v1/usage/csv (a key: npm run keys -- create --portal ${portalId})`,
  );
  try {
    // The operator's own import: it may name any company id, unlike an ingestion key.
    const target = await ingestionTarget(database.db, portalId, ingestionSettingsSchema.parse({}), 'operator');
    const report = await importUsageCsv(target, createReadStream(file), mappings);
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    if (report.rejected > 0) process.stderr.write(`${report.rejected} row(s) rejected; see rejectedRows\n`);
    // The file is streamed: this stays flat whatever its size, and is worth seeing on a large import.
    process.stderr.write(`peak memory: ${Math.round(process.resourceUsage().maxRSS / 1024)} MB\n`);
  } finally {
    await database.close();
  }
});
