import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/client';
import { loadScoreContext } from '../../src/db/repositories/customer-success-health-repository';
import { upsertHealthScores } from '../../src/db/repositories/health-score-writes-repository';
import { addDays } from '../../src/domain/time/calendar-date';
import { databaseTargets } from '../support/databases';
import { ifStarted } from '../support/if-started';

const portalId = 79;
const asOf = '2026-10-31';
const days = 45;

// Company a has a score every day for 45 days, b only on a few days (none yesterday, none in the comparison
// window), c only today (no context at all), d on the comparison day with an explanation that lists no components.
// Scores, points and users differ by day so each one read can be told apart.
describe.each(databaseTargets)("the day's score context, folded per company on $name", (target) => {
  let handle: DatabaseHandle;

  beforeAll(async () => {
    handle = await target.open();
    await handle.db.execute(sql`insert into portals (id, name, time_zone) values (${portalId}, 'context', 'UTC')`);
    const score = (companyId: string, daysBack: number) => ({
      portalId,
      companyId,
      scoreDate: addDays(asOf, -daysBack),
      score: 100 - daysBack,
      band: daysBack % 2 === 0 ? ('green' as const) : ('yellow' as const),
      adoptionSince: daysBack > 40 ? null : '2026-09-20',
      activeUsers: daysBack,
      seats: daysBack % 3 === 0 ? null : 10,
      explanation: {
        daysBack,
        components: [
          { component: 'usage', score: 50 + daysBack, points: daysBack / 10, raw: {} },
          { component: 'sentiment', score: 40, points: 6, raw: {} },
        ],
      },
    });
    await upsertHealthScores(handle.db, [
      ...Array.from({ length: days }, (_, index) => score('a', index)),
      score('b', 3),
      score('b', 20),
      score('c', 0),
      { ...score('d', 30), explanation: { daysBack: 30 } },
    ]);
  });
  afterAll(async () => ifStarted(handle)?.close());

  it('keeps yesterday, the newest score inside the comparison window and the seat days in date order', async () => {
    const context = await loadScoreContext(handle.db, portalId, asOf, 30, 5, 13);
    expect([...context.keys()].sort()).toEqual(['a', 'b', 'd']);
    const a = context.get('a');
    expect(a).toMatchObject({
      hasYesterday: true,
      yesterdayScore: 99,
      yesterdayBand: 'yellow',
      yesterdayAdoptionSince: '2026-09-20',
      comparison: {
        date: addDays(asOf, -30),
        score: 70,
        band: 'green',
        base: {
          score: 70,
          components: [
            { component: 'usage', score: 80, points: 3 },
            { component: 'sentiment', score: 40, points: 6 },
          ],
        },
      },
    });
    // Its explanation lists no components: the day is still compared with for the band, but names no drivers.
    expect(context.get('d')?.comparison).toEqual({ date: addDays(asOf, -30), score: 70, band: 'green', base: null });
    expect(a?.seatHistory).toEqual(
      Array.from({ length: 13 }, (_, index) => 13 - index).map((daysBack) => ({
        date: addDays(asOf, -daysBack),
        activeUsers: daysBack,
        seats: daysBack % 3 === 0 ? null : 10,
      })),
    );
    expect(context.get('b')).toEqual({
      companyId: 'b',
      hasYesterday: false,
      yesterdayScore: null,
      yesterdayBand: null,
      yesterdayAdoptionSince: null,
      comparison: null,
      seatHistory: [{ date: addDays(asOf, -3), activeUsers: 3, seats: null }],
    });
  });

  it('falls back to the newest day of the tolerance when the exact comparison day is missing', async () => {
    await handle.db.execute(
      sql`delete from health_scores where portal_id = ${portalId} and company_id = 'a'
        and score_date in (${addDays(asOf, -30)}::date, ${addDays(asOf, -31)}::date)`,
    );
    const context = await loadScoreContext(handle.db, portalId, asOf, 30, 5, 13);
    expect(context.get('a')?.comparison).toEqual({
      date: addDays(asOf, -32),
      score: 68,
      band: 'green',
      base: {
        score: 68,
        components: [
          { component: 'usage', score: 82, points: 3.2 },
          { component: 'sentiment', score: 40, points: 6 },
        ],
      },
    });
    const none = await loadScoreContext(handle.db, portalId, asOf, 30, 1, 13);
    expect(none.get('a')?.comparison).toBeNull();
  });
});
