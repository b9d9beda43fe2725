import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/config/logger';
import type { DatabaseHandle } from '../../src/db/client';
import { createInProcessRunner, startHealthSchedule, type IntervalTimer } from '../../src/jobs/health-schedule';
import { databaseTargets } from '../support/databases';

const portalId = 77;
const logger = createLogger('silent');

/** A timer that never fires by itself: the test fires it, as a day passing would. */
function manualTimer() {
  const callbacks = new Set<() => void>();
  const timer: IntervalTimer = {
    start(callback) {
      callbacks.add(callback);
      return { cancel: () => callbacks.delete(callback) };
    },
  };
  return { timer, fire: () => callbacks.forEach((callback) => callback()), get active() { return callbacks.size; } };
}

describe.each(databaseTargets)('health schedule on $name', (target) => {
  let handle: DatabaseHandle;
  let clock = Date.parse('2026-10-31T12:00:00Z');
  const now = () => clock;

  const computedAt = async (day: string) => {
    const result = await handle.db.execute(sql`select company_id, computed_at::text as computed_at from health_scores
      where portal_id = ${portalId} and score_date = ${day}::date order by company_id`);
    return (result as unknown as { rows: Array<{ company_id: string; computed_at: string }> }).rows;
  };

  beforeAll(async () => {
    handle = await target.open();
    await handle.db.execute(sql`insert into portals (id, name, time_zone) values (${portalId}, 'schedule', 'Europe/Paris')`);
    await handle.db.execute(sql`insert into companies (portal_id, id, name) values (${portalId}, 'a', 'Acme'), (${portalId}, 'b', 'Beta')`);
    await handle.db.execute(sql`insert into contracts (portal_id, deal_id, company_id, kind, product, mrr_minor, start_date, end_date, seats)
      values (${portalId}, 'd1', 'a', 'new', 'core', 90000, '2026-01-01', '2027-01-01', 10),
             (${portalId}, 'd2', 'b', 'new', 'core', 45000, '2026-03-01', '2027-03-01', 5)`);
  });
  afterAll(async () => {
    await handle?.close();
  });

  it('scores at start-up when the portal has no scores for its local today, and stop() waits for that run', async () => {
    const manual = manualTimer();
    const schedule = startHealthSchedule({ db: handle.db, logger, now, runner: createInProcessRunner(manual.timer) });
    expect(manual.active).toBe(1);
    // The run started synchronously and is still awaiting the database: stop() must wait for it.
    await schedule.stop();
    expect((await computedAt('2026-10-31')).map((row) => row.company_id)).toEqual(['a', 'b']);
    expect(manual.active).toBe(0);
  });

  it('leaves the scores alone at start-up when today is already scored', async () => {
    const before = await computedAt('2026-10-31');
    const schedule = startHealthSchedule({ db: handle.db, logger, now, runner: createInProcessRunner(manualTimer().timer) });
    await schedule.stop();
    expect(await computedAt('2026-10-31')).toEqual(before);
  });

  it('scores the next local day when the interval fires, and nothing after stop()', async () => {
    const manual = manualTimer();
    const schedule = startHealthSchedule({ db: handle.db, logger, now, runner: createInProcessRunner(manual.timer) });
    // 23:30 UTC is already 1 November in Paris.
    clock = Date.parse('2026-10-31T23:30:00Z');
    manual.fire();
    await schedule.stop();
    expect((await computedAt('2026-11-01')).map((row) => row.company_id)).toEqual(['a', 'b']);
    clock = Date.parse('2026-11-02T12:00:00Z');
    manual.fire();
    expect(manual.active).toBe(0);
    expect(await computedAt('2026-11-02')).toEqual([]);
  });
});
