import type { Logger } from '../config/logger';
import type { Database } from '../db/client';
import { countScoresOn } from '../db/repositories/customer-success-health-repository';
import { listUninstalledPortalIds } from '../db/repositories/installations-repository';
import { listPortals } from '../db/repositories/portals-repository';
import { instantToLocalDate } from '../domain/time/time-zone';
import { recomputeHealth } from '../services/customer-success/recompute-health';
import type { JobHandler } from './job-definitions';
import type { JobQueue } from './job-queue';

export interface HealthRecomputeOptions {
  readonly db: Database;
  readonly logger: Logger;
  /** Injected for tests. */
  readonly now?: () => number;
}

export interface RecomputeSummary {
  readonly recomputedPortalIds: number[];
  readonly failed: number;
  /** Companies scored, of the customers considered, over the recomputed portals. */
  readonly scored: number;
  readonly companies: number;
}

/**
 * Scores each portal whose scores for its local today are missing (every portal asked for with `force`); one failing
 * portal does not stop the others.
 */
export async function recomputeMissingScores(
  options: HealthRecomputeOptions & { readonly portalId?: number; readonly force?: boolean },
): Promise<RecomputeSummary> {
  const { db, logger } = options;
  const recomputedPortalIds: number[] = [];
  let failed = 0;
  let scored = 0;
  let companies = 0;
  const uninstalled = await listUninstalledPortalIds(db);
  const portals = (await listPortals(db)).filter(
    (portal) => (options.portalId === undefined || portal.id === options.portalId) && !uninstalled.has(portal.id),
  );
  for (const portal of portals) {
    const today = instantToLocalDate((options.now ?? Date.now)(), portal.timeZone);
    if (!options.force && (await countScoresOn(db, portal.id, today)) > 0) continue;
    try {
      const started = Date.now();
      const result = await recomputeHealth(db, portal.id, today);
      recomputedPortalIds.push(portal.id);
      scored += result.scored;
      companies += result.companies;
      logger.info(
        { portalId: portal.id, asOf: today, scored: result.scored, milliseconds: Date.now() - started },
        'health scores recomputed',
      );
    } catch (error) {
      failed += 1;
      logger.error({ portalId: portal.id, asOf: today, err: error }, 'health recompute failed');
    }
  }
  return { recomputedPortalIds, failed, scored, companies };
}

/**
 * What a portal's new scores set going: written back to HubSpot, the churn risk scored on them, the playbooks
 * evaluated against them and the manager view's KPIs kept. Each job is idempotent, so queueing them again is harmless.
 */
export async function queueWorkAfterHealthRecompute(jobs: Pick<JobQueue, 'send'>, portalId: number): Promise<void> {
  await jobs.send('writeback.companies', { portalId });
  await jobs.send('risk.refresh', { portalId });
  await jobs.send('playbooks.evaluate', { portalId });
  await jobs.send('kpis.keep', { portalId });
}

/**
 * The `health.recompute` job: sent at start-up, by its schedule, and (forced) when a portal's settings change. A portal that failed makes the job fail, so
 * the queue retries it; the retry skips the portals already scored today.
 */
export function healthRecomputeHandler(
  options: HealthRecomputeOptions & { readonly afterRecompute?: (portalId: number) => Promise<void> },
): JobHandler<'health.recompute'> {
  return async (data) => {
    const summary = await recomputeMissingScores({
      ...options,
      ...(data.portalId === undefined ? {} : { portalId: data.portalId }),
      force: data.force === true,
    });
    for (const portalId of summary.recomputedPortalIds) await options.afterRecompute?.(portalId);
    if (summary.failed > 0) throw new Error(`health recompute failed for ${summary.failed} portal(s)`);
  };
}
