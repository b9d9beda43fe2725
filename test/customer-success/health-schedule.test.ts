import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/config/logger';
import type { DatabaseHandle } from '../../src/db/client';
import { healthRecomputeHandler } from '../../src/jobs/health-schedule';
import { startJobQueue, type RunningJobQueue } from '../../src/jobs/start-job-queue';
import { databaseTargets } from '../support/databases';
import { waitUntil } from '../support/wait-until';
import { ifStarted } from '../support/if-started';

const portalId = 77;
const logger = createLogger('silent');

describe.each(databaseTargets)('the health.recompute job on $name', (target) => {
  let handle: DatabaseHandle;
  let queue: RunningJobQueue;
  let clock = Date.parse('2026-10-31T12:00:00Z');
  let runs = 0;

  const computedAt = async (day: string) => {
    const result = await handle.db.execute(sql`select company_id, computed_at::text as computed_at from health_scores
      where portal_id = ${portalId} and score_date = ${day}::date order by company_id`);
    return (result as { rows: Array<{ company_id: string; computed_at: string }> }).rows;
  };
  const runOnce = async () => {
    const before = runs;
    await queue.send('health.recompute', {});
    await waitUntil(() => runs > before, 'the health job ran');
  };

  beforeAll(async () => {
    handle = await target.open();
    await handle.db.execute(
      sql`insert into portals (id, name, time_zone) values (${portalId}, 'schedule', 'Europe/Paris')`,
    );
    await handle.db.execute(
      sql`insert into companies (portal_id, id, name) values (${portalId}, 'a', 'Acme'), (${portalId}, 'b', 'Beta')`,
    );
    await handle.db
      .execute(sql`insert into contracts (portal_id, deal_id, company_id, kind, product, mrr_minor, start_date, end_date, seats)
      values (${portalId}, 'd1', 'a', 'new', 'core', 90000, '2026-01-01', '2027-01-01', 10),
             (${portalId}, 'd2', 'b', 'new', 'core', 45000, '2026-03-01', '2027-03-01', 5)`);
    const recompute = healthRecomputeHandler({ db: handle.db, logger, now: () => clock });
    queue = await startJobQueue({
      database: handle,
      logger,
      handlers: {
        'health.recompute': async (data, context) => {
          await recompute(data, context);
          runs += 1;
        },
      },
      tuning: { pollingIntervalSeconds: 0.5 },
    });
  });
  afterAll(async () => {
    await ifStarted(queue)?.stop();
    await ifStarted(handle)?.close();
  });

  it('scores the portals that have no scores for their local today', async () => {
    await runOnce();
    expect((await computedAt('2026-10-31')).map((row) => row.company_id)).toEqual(['a', 'b']);
  });

  it('leaves the scores alone when today is already scored', async () => {
    const before = await computedAt('2026-10-31');
    await runOnce();
    expect(await computedAt('2026-10-31')).toEqual(before);
  });

  it('scores today again when a job is forced (the portal settings changed)', async () => {
    const before = await computedAt('2026-10-31');
    const ran = runs;
    await queue.send('health.recompute', { portalId, force: true });
    await waitUntil(() => runs > ran, 'the forced health job ran');
    const after = await computedAt('2026-10-31');
    expect(after.map((row) => row.company_id)).toEqual(['a', 'b']);
    after.forEach((row, index) => expect(row.computed_at > (before[index]?.computed_at ?? '')).toBe(true));
  });

  it('scores the next local day once it has begun in the portal time zone', async () => {
    // 23:30 UTC is already 1 November in Paris.
    clock = Date.parse('2026-10-31T23:30:00Z');
    await runOnce();
    expect((await computedAt('2026-11-01')).map((row) => row.company_id)).toEqual(['a', 'b']);
  });

  it('scores only the portal a job names', async () => {
    clock = Date.parse('2026-11-02T12:00:00Z');
    const before = runs;
    await queue.send('health.recompute', { portalId: portalId + 1 });
    await waitUntil(() => runs > before, 'the health job ran');
    expect(await computedAt('2026-11-02')).toEqual([]);
  });
});
