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
const seatWindow = { days: 13, minUtilizationPercent: 90 };
// The companies under contract on asOf (the day scores them); h has days stored too but its contract has ended.
const underContract = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];

// Company a has a score every day for 45 days, b only on a few days (none yesterday, none in the comparison
// window), c only today (no context at all), d on the comparison day with an explanation that lists no components.
// Scores, points and users differ by day so each one read can be told apart. On seats, e is at or above 90 % on
// each of the 13 days before today, f likewise but for one day at 80 %, g has two such days and no others.
describe.each(databaseTargets)("the day's score context, folded per company on $name", (target) => {
  let handle: DatabaseHandle;

  beforeAll(async () => {
    handle = await target.open();
    await handle.db.execute(sql`insert into portals (id, name, time_zone) values (${portalId}, 'context', 'UTC')`);
    // Two contracts for a (the company is read once), one that ended yesterday for h.
    await handle.db
      .execute(sql`insert into contracts (portal_id, deal_id, company_id, kind, product, mrr_minor, start_date, end_date, seats)
      select ${portalId}, 'deal-' || id, id, 'new', 'core', 10000, '2026-01-01', '2027-01-01', 10
      from unnest(${sql.param(underContract)}::text[]) id`);
    await handle.db
      .execute(sql`insert into contracts (portal_id, deal_id, company_id, kind, product, mrr_minor, start_date, end_date, seats)
      values (${portalId}, 'deal-a-2', 'a', 'cross_sell', 'analytics', 5000, '2026-06-01', '2027-06-01', 5),
        (${portalId}, 'deal-h', 'h', 'new', 'core', 10000, '2026-01-01', ${asOf}, 10)`);
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
      ...Array.from({ length: 13 }, (_, index) => ({
        ...score('e', index + 1),
        activeUsers: 9 + (index % 2),
        seats: 10,
      })),
      ...Array.from({ length: 13 }, (_, index) => ({
        ...score('f', index + 1),
        activeUsers: index === 6 ? 8 : 9,
        seats: 10,
      })),
      { ...score('g', 2), activeUsers: 19, seats: 20 },
      { ...score('g', 5), activeUsers: 20, seats: 20 },
      score('h', 1),
      score('h', 30),
    ]);
  });
  afterAll(async () => ifStarted(handle)?.close());

  it('keeps yesterday, the newest score inside the comparison window and the seat days in date order', async () => {
    const context = await loadScoreContext(handle.db, portalId, asOf, 30, 5, seatWindow);
    expect([...context.keys()].sort()).toEqual(['a', 'b', 'd', 'e', 'f', 'g']);
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
    // Days without seats (every third) and below 90 % break a's streak: no seat days are sent.
    expect(a).toMatchObject({ seatStreakBroken: true, seatHistory: [] });
    expect(context.get('e')).toMatchObject({
      seatStreakBroken: false,
      seatHistory: Array.from({ length: 13 }, (_, index) => 13 - index).map((daysBack) => ({
        date: addDays(asOf, -daysBack),
        activeUsers: 9 + ((daysBack - 1) % 2),
        seats: 10,
      })),
    });
    expect(context.get('f')).toMatchObject({ seatStreakBroken: true, seatHistory: [] });
    expect(context.get('g')).toMatchObject({
      seatStreakBroken: false,
      seatHistory: [
        { date: addDays(asOf, -5), activeUsers: 20, seats: 20 },
        { date: addDays(asOf, -2), activeUsers: 19, seats: 20 },
      ],
    });
    expect(context.get('b')).toEqual({
      companyId: 'b',
      hasYesterday: false,
      yesterdayScore: null,
      yesterdayBand: null,
      yesterdayAdoptionSince: null,
      comparison: null,
      seatStreakBroken: true,
      seatHistory: [],
    });
  });

  it('falls back to the newest day of the tolerance when the exact comparison day is missing', async () => {
    await handle.db.execute(
      sql`delete from health_scores where portal_id = ${portalId} and company_id = 'a'
        and score_date in (${addDays(asOf, -30)}::date, ${addDays(asOf, -31)}::date)`,
    );
    const context = await loadScoreContext(handle.db, portalId, asOf, 30, 5, seatWindow);
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
    const none = await loadScoreContext(handle.db, portalId, asOf, 30, 1, seatWindow);
    expect(none.get('a')?.comparison).toBeNull();
  });
});
