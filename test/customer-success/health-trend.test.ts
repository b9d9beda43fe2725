import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/client';
import { listHealthHistory } from '../../src/db/repositories/company-card-parts';
import { healthTrendFor } from '../../src/services/customer-success/health-trend-service';
import { recomputeHealth } from '../../src/services/customer-success/recompute-health';
import { databaseTargets } from '../support/databases';
import { ifStarted } from '../support/if-started';

const portalId = 93;

describe.each(databaseTargets)('the 90-day health trend from stored scores on $name', (target) => {
  let handle: DatabaseHandle;

  beforeAll(async () => {
    handle = await target.open();
    const { db } = handle;
    await db.execute(sql`insert into portals (id, name, time_zone) values (${portalId}, 'trend', 'UTC')`);
    await db.execute(sql`insert into companies (portal_id, id, name) values (${portalId}, '4242', 'Acme')`);
    await db.execute(sql`insert into contracts (portal_id, deal_id, company_id, kind, product, mrr_minor, start_date, end_date, seats)
      values (${portalId}, 'd1', '4242', 'new', 'core', 90000, '2026-01-01', '2027-06-01', 10)`);
    await recomputeHealth(db, portalId, '2026-10-29');
    await recomputeHealth(db, portalId, '2026-10-30');
    // A detractor answers on the last day: sentiment enters the score and pulls it down.
    await db.execute(sql`insert into survey_responses (portal_id, id, company_id, kind, score, submitted_at)
      values (${portalId}, 'r1', '4242', 'nps', 1, '2026-10-31T09:00:00Z')`);
    await recomputeHealth(db, portalId, '2026-10-31');
  });
  afterAll(async () => ifStarted(handle)?.close());

  it('lists the stored days and names the component that moved on the last change, from what to what', async () => {
    const trend = await healthTrendFor(handle.db, portalId, '4242', '2026-10-31');
    expect(trend.days.map((day) => day.date)).toEqual(['2026-10-29', '2026-10-30', '2026-10-31']);
    const [, yesterday, today] = trend.days;
    expect(today?.score).toBeLessThan(yesterday?.score ?? 0);
    expect(trend.lastChange).toMatchObject({
      date: '2026-10-31',
      previousDate: '2026-10-30',
      scoreBefore: yesterday?.score,
      scoreNow: today?.score,
    });
    expect(trend.lastChange?.driver).toMatchObject({
      component: 'sentiment',
      label: 'Sentiment (NPS, CSAT)',
      componentScoreBefore: null,
    });
    expect(trend.lastChange?.driver?.componentScoreNow).toEqual(expect.any(Number));
    expect(trend.lastChange?.summary).toMatch(
      /^Health fell from \d+ to \d+ on Oct 31, 2026, mostly from Sentiment \(NPS, CSAT\): its score went from no data to \d+ \(of 100\)\.$/,
    );
  });

  it('has no change when the scores before the day did not move', async () => {
    const trend = await healthTrendFor(handle.db, portalId, '4242', '2026-10-30');
    expect(trend.days).toHaveLength(2);
    expect(trend.lastChange).toBeNull();
  });

  it('reads the stored explanation only of the two days around the last change', async () => {
    const days = await listHealthHistory(handle.db, portalId, '4242', '2026-10-29', '2026-10-31');
    expect(days.map((day) => [day.date, day.explanation !== null])).toEqual([
      ['2026-10-29', false],
      ['2026-10-30', true],
      ['2026-10-31', true],
    ]);
    const unchanged = await listHealthHistory(handle.db, portalId, '4242', '2026-10-29', '2026-10-30');
    expect(unchanged.map((day) => day.explanation)).toEqual([null, null]);
  });
});
