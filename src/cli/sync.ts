import { parseEnv } from '../config/env';
import { limitSettingsFromEnv } from '../hubspot/limits/limit-settings';
import { createLogger } from '../config/logger';
import { openConfiguredDatabase, portalTarget, startSandboxTarget, syncTarget } from './runtime';
import { runCli, UsageError } from './run-cli';
import { parseSandboxArgs } from './sandbox-args';
import { renewalsNoteOf } from '../services/kpi/renewals-note-service';

const usage = `Usage: npm run sync -- [--fixture <file> | --demo]

Full sync of owners, deal pipelines, companies and deals into the database (DATABASE_URL, else DATA_DIR).
With HUBSPOT_ACCESS_TOKEN set it syncs that portal; --fixture or --demo sync a local sandbox instead.
An interrupted sync resumes where it stopped.`;

runCli(async () => {
  const env = parseEnv();
  const args = parseSandboxArgs(process.argv.slice(2), usage);
  const logger = createLogger(env.LOG_LEVEL);
  if (!args.source && !env.HUBSPOT_ACCESS_TOKEN) {
    throw new UsageError(
      'Set HUBSPOT_ACCESS_TOKEN (a private app token) to sync a portal, or pass --demo or --fixture <file>.',
      usage,
    );
  }
  const database = await openConfiguredDatabase(
    env,
    logger,
    () =>
      'let it sync: it syncs what changed every 5 minutes (JOBS_INCREMENTAL_SYNC_CRON) and applies HubSpot webhooks as they come',
  );
  const target = args.source
    ? await startSandboxTarget(args.source, args.port ?? 0, limitSettingsFromEnv(env))
    : portalTarget(env, env.HUBSPOT_ACCESS_TOKEN ?? '');
  try {
    process.stderr.write(`Syncing ${target.description} into ${database.kind} (${database.location})\n`);
    const result = await syncTarget(database, target, logger);
    process.stdout.write(
      `${JSON.stringify({ portalId: result.portalId, resumed: result.resumed, counts: result.counts })}\n`,
    );
    const note = await renewalsNoteOf(database.db, result.portalId);
    if (note !== null) process.stderr.write(`${note}\n`);
  } finally {
    await target.close();
    await database.close();
  }
});
