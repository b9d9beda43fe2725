import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/config/logger';
import type { DatabaseHandle } from '../../src/db/client';
import { findPortal, type Portal } from '../../src/db/repositories/portals-repository';
import { queryRows } from '../../src/db/repositories/query-rows';
import { addDays, monthOf } from '../../src/domain/time/calendar-date';
import { instantToLocalDate } from '../../src/domain/time/time-zone';
import { serviceJobHandlers } from '../../src/jobs/service-job-handlers';
import { loadFixtureFile } from '../../src/sandbox/load-fixture';
import { keepManagerViewKpis } from '../../src/services/manager/keep-view-kpis';
import { loadManagerPortfolio } from '../../src/services/manager/manager-portfolio-service';
import { smallPortfolioPath } from '../fixtures/small-portfolio.expected';
import { loadPortfolio } from '../kpi/load-portfolio';
import { databaseTargets } from '../support/databases';
import { RecordingJobQueue } from '../support/recording-job-queue';

// The job that keeps the manager view's complete periods before a manager opens it (issue 17: the first view at
// scale would otherwise compute twelve months of every KPI while the manager waits).
const today = instantToLocalDate(Date.now(), 'UTC');

describe.each(databaseTargets)('keeping the manager view KPIs on $name', (target) => {
  let handle: DatabaseHandle;
  let portal: Portal;

  const keptEntries = async () =>
    queryRows(
      handle.db,
      sql`select cache_key, cut, ((period_end at time zone ${portal.timeZone})::date - 1)::text as last_day, computed_at::text as computed_at from kpi_period_cache
        where portal_id = ${portal.id} order by cache_key`,
      z.object({ cache_key: z.string(), cut: z.string().nullable(), last_day: z.string(), computed_at: z.string() }),
    );
  const view = (cut: 'owner' | 'tier') => loadManagerPortfolio(handle.db, { portal, asOf: today, query: { cut } });

  beforeAll(async () => {
    handle = await target.open();
    const portalId = (await loadPortfolio(handle.db, await loadFixtureFile(smallPortfolioPath.pathname))).id;
    portal = (await findPortal(handle.db, portalId)) ?? expect.fail('portal not loaded');
  });
  afterAll(async () => handle.close());

  it('keeps the trend and the twelve months to the headline by every cut; the view then computes no closed period', async () => {
    const result = await keepManagerViewKpis(handle.db, portal, today);
    // The trend's months before the running one, then one report per cut.
    expect(result.reports).toBe(6);
    const kept = await keptEntries();
    // Periods that ended at least four days ago are kept: every complete month of the trend but perhaps the last.
    const settled = addDays(today, -4);
    expect(kept.filter((entry) => entry.cut === null).map((entry) => entry.last_day)).toEqual(
      expect.arrayContaining([...Array(10).keys()].map((offset) => lastDayMonthsBack(today, offset + 2))),
    );
    const trailingCuts = kept.filter((entry) => entry.cut !== null).map((entry) => entry.cut);
    if (lastDayMonthsBack(today, 1) <= settled)
      expect(trailingCuts.sort()).toEqual(['industry', 'lifecycle_stage', 'onboarding_cohort', 'owner', 'tier']);

    const viewed = await view('owner');
    await view('tier');
    expect(await keptEntries()).toEqual(kept);
    // What the view read from the kept periods is what it computes without them.
    await handle.db.execute(sql`delete from kpi_period_cache where portal_id = ${portal.id}`);
    expect(await view('owner')).toEqual(viewed);
  });

  it('is sent after each health recompute, and as a job reads what is already kept', async () => {
    const jobs = new RecordingJobQueue();
    const { sent } = jobs;
    const handlers = serviceJobHandlers({
      db: handle.db,
      logger: createLogger('silent'),
      jobs,
      hubspotClient: () => Promise.reject(new Error('keeping KPIs calls no HubSpot API')),
    });
    await handlers['health.recompute']?.({ portalId: portal.id, force: true }, { jobId: 'test', retryCount: 0 });
    expect(sent).toContainEqual({ name: 'kpis.keep', data: { portalId: portal.id } });
    await handle.db.execute(sql`delete from kpi_period_cache where portal_id = ${portal.id}`);
    await handlers['kpis.keep']?.({ portalId: portal.id }, { jobId: 'test', retryCount: 0 });
    const kept = await keptEntries();
    expect(kept.length).toBeGreaterThan(0);
    await handlers['kpis.keep']?.({ portalId: portal.id }, { jobId: 'test', retryCount: 0 });
    expect(await keptEntries()).toEqual(kept);
  });
});

function lastDayMonthsBack(day: string, months: number): string {
  const [year, month] = monthOf(day).split('-').map(Number) as [number, number];
  return new Date(Date.UTC(year, month - months, 0)).toISOString().slice(0, 10);
}
