import type { Env } from '../config/env';
import type { Logger } from '../config/logger';
import { openDatabase, type DatabaseHandle } from '../db/client';
import { limitSettingsFromEnv } from '../hubspot/limits/limit-settings';
import { loadFixtureActivity } from '../services/ingestion/fixture-activity';
import {
  loadSandboxFixture,
  openConfiguredDatabase,
  startSandboxTarget,
  syncTarget,
  type SandboxSource,
  type WhileInUse,
} from './runtime';

/**
 * The database a report reads, as `npm run kpi` opens it: with --fixture or --demo, that portfolio loaded into a
 * fresh in-memory database through the sandbox and the real sync (its usage and surveys too, when asked for);
 * otherwise the synced database (DATABASE_URL, else DATA_DIR) and its configured portal.
 */
export async function openPortfolioDatabase(
  env: Env,
  source: SandboxSource | undefined,
  options: { port?: number | undefined; logger: Logger; withActivity: boolean; whileInUse?: WhileInUse },
): Promise<{ database: DatabaseHandle; portalId: number | undefined }> {
  if (!source)
    return {
      database: await openConfiguredDatabase(env, options.logger, options.whileInUse),
      portalId: env.HUBSPOT_PORTAL_ID,
    };
  const database = await openDatabase({ dataDir: 'memory' });
  try {
    const target = await startSandboxTarget(source, options.port ?? 0, limitSettingsFromEnv(env));
    try {
      process.stderr.write(`Loading ${target.description} into a fresh in-memory database\n`);
      const { portalId } = await syncTarget(database, target, options.logger);
      if (options.withActivity) {
        const loaded = await loadFixtureActivity(database.db, await loadSandboxFixture(source));
        process.stderr.write(`  loaded ${loaded.usageEvents} usage events, ${loaded.surveys} survey responses\n`);
      }
      return { database, portalId };
    } finally {
      await target.close();
    }
  } catch (error) {
    await database.close();
    throw error;
  }
}
