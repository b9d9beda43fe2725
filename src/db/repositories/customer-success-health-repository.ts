import { and, desc, eq, gte, lte, sql } from 'drizzle-orm';
import { changeBaseSchema, type ChangeBase } from '../../domain/health/health-change';
import { addDays } from '../../domain/time/calendar-date';
import type { Executor } from '../client';
import { healthScores } from '../schema';
import { z } from 'zod';
import { useLargeAggregateSettings, withoutParallelWorkers } from './analytic-query';
import { companiesUnderContractSql } from './customer-success-inputs-repository';
import { integerColumn, jsonColumn, nullableIntegerColumn, numberRecord, queryRows } from './query-rows';
import { companyCsmId, csmAssignmentJoin } from './csm-assignments-repository';
import { seatUtilizationAtLeastSql } from './seat-utilization-sql';

export type HealthScoreRow = typeof healthScores.$inferInsert;
export type StoredHealthScore = typeof healthScores.$inferSelect;

const bandSchema = z.enum(['red', 'yellow', 'green']);
const numbersByComponent = numberRecord.nullable();

const scoreContextRowSchema = z.object({
  company_id: z.string(),
  has_yesterday: z.boolean(),
  yesterday_score: nullableIntegerColumn,
  yesterday_band: bandSchema.nullable(),
  yesterday_adoption_since: z.string().nullable(),
  comparison_date: z.string().nullable(),
  comparison_score: nullableIntegerColumn,
  comparison_band: bandSchema.nullable(),
  comparison_component_scores: jsonColumn(numbersByComponent),
  comparison_component_points: jsonColumn(numbersByComponent),
  seat_streak_broken: z.boolean(),
  seat_history: jsonColumn(
    z.array(z.object({ date: z.string(), activeUsers: integerColumn, seats: nullableIntegerColumn })),
  ),
});

export interface ScoreContextRow {
  companyId: string;
  hasYesterday: boolean;
  yesterdayScore: number | null;
  yesterdayBand: 'red' | 'yellow' | 'green' | null;
  yesterdayAdoptionSince: string | null;
  /** `base`: what a change is measured against, when the day's row says it (see changeBaseOf). */
  comparison: { date: string; score: number; band: 'red' | 'yellow' | 'green'; base: ChangeBase | null } | null;
  /** A stored day of the seat window has no seats or is below the threshold: `seatHistory` is then empty. */
  seatStreakBroken: boolean;
  seatHistory: Array<{ date: string; activeUsers: number; seats: number | null }>;
}

/**
 * A stored day's score with its components' scores and points (written with the row from its explanation), as the
 * change since then is measured against them: the explanations themselves are a kilobyte a company to read. Null
 * when the row has no components (an explanation without them).
 */
function changeBaseOf(
  score: number,
  scores: Record<string, number> | null,
  points: Record<string, number> | null,
): ChangeBase | null {
  if (scores === null || points === null) return null;
  const base = changeBaseSchema.safeParse({
    score,
    components: Object.entries(points).map(([component, value]) => ({
      component,
      score: scores[component],
      points: value,
    })),
  });
  return base.success ? base.data : null;
}

/** The seat-expansion rule's window: the stored days before `asOf` it reads, and its utilization threshold. */
export interface SeatWindow {
  readonly days: number;
  readonly minUtilizationPercent: number;
}

/**
 * What the previous runs left for `asOf`, for each company under contract on `asOf` that has any of it: yesterday's
 * band and adoption run, the score to compare with (the newest within `toleranceDays` before `asOf - compareDays`)
 * and the recent daily seat counts. The seat days come back only while none of them breaks the seat-expansion streak
 * (a day without seats or below the threshold, as suggestSeatExpansion decides): a broken streak needs no days.
 */
export async function loadScoreContext(
  db: Executor,
  portalId: number,
  asOf: string,
  compareDays: number,
  toleranceDays: number,
  seatWindow: SeatWindow,
): Promise<Map<string, ScoreContextRow>> {
  const yesterday = addDays(asOf, -1);
  const seatFrom = addDays(asOf, -seatWindow.days);
  const compareFrom = addDays(asOf, -(compareDays + toleranceDays));
  const compareTo = addDays(asOf, -Math.max(compareDays, 1));
  const passes = (row: string) =>
    sql`coalesce(${seatUtilizationAtLeastSql(row, seatWindow.minUtilizationPercent)}, false)`;
  // Each company's days are read by primary key, and only those needed: yesterday, the comparison window's newest
  // day, and the seat window only when yesterday does not already break the streak (most companies are under the
  // threshold). Folding every stored day of both windows for the portal read 21 days of every company (2.1M index
  // rows at 100k) to keep about two of each. Beside the inputs' statements, which keep the cores busy: parallel
  // workers of its own only add processes. A stored yesterday that breaks the streak is the streak's answer.
  // The comparison is the window's last day for a portal scored daily, read as that day's rows (stored together)
  // and joined; only a company without it looks further back. Looked up company by company, each row was a random
  // heap read: at 100k companies with 40 days stored that part took 3.2 to 3.4 s alone, 1.0 s this way (the whole
  // statement 1.6 to 2.4 s, now 1.0 to 1.8 s, alternated).
  // The comparison's columns come from `newest`, else from `earlier`, which is read only when `newest` is missing.
  const comparison = (column: string) => sql.raw(`coalesce(newest.${column}, earlier.${column})`);
  const rows = await db.transaction(async (transaction) => {
    await withoutParallelWorkers(transaction);
    // Its cost estimate (100k lookups) passes JIT's thresholds, and compiling took 0.7 s of a 4.8 s statement.
    await useLargeAggregateSettings(transaction);
    return queryRows(
      transaction,
      sql`
    with ids as (select distinct company_id from (${companiesUnderContractSql(portalId, asOf)}) contracted)
    select ids.company_id, y.company_id is not null as has_yesterday, y.score as yesterday_score,
      y.band as yesterday_band, y.adoption_since::text as yesterday_adoption_since,
      coalesce(seat.broken, y.company_id is not null) as seat_streak_broken,
      case when coalesce(seat.broken, y.company_id is not null) then '[]'::json else coalesce(seat.days, '[]') end as seat_history,
      ${comparison('score_date')}::text as comparison_date, ${comparison('score')} as comparison_score,
      ${comparison('band')} as comparison_band, ${comparison('component_scores')} as comparison_component_scores,
      ${comparison('component_points')} as comparison_component_points
    from ids
    left join health_scores y on y.portal_id = ${portalId} and y.company_id = ids.company_id and y.score_date = ${yesterday}::date
    left join health_scores newest on newest.portal_id = ${portalId} and newest.company_id = ids.company_id
      and newest.score_date = ${compareTo}::date
    left join lateral (
      select c.score_date, c.score, c.band, c.component_scores, c.component_points from health_scores c
      where newest.company_id is null and c.portal_id = ${portalId} and c.company_id = ids.company_id
        and c.score_date between ${compareFrom}::date and ${addDays(compareTo, -1)}::date
      order by c.score_date desc limit 1
    ) earlier on true
    left join lateral (
      select bool_or(not ${passes('s')}) as broken,
        json_agg(json_build_object('date', s.score_date::text, 'activeUsers', s.active_users, 'seats', s.seats)
          order by s.score_date) as days
      from health_scores s
      where (y.company_id is null or ${passes('y')}) and s.portal_id = ${portalId} and s.company_id = ids.company_id
        and s.score_date between ${seatFrom}::date and ${yesterday}::date
    ) seat on true
    where y.company_id is not null or ${comparison('score_date')} is not null or seat.days is not null`,
      scoreContextRowSchema,
    );
  });
  return new Map(
    rows.map((row) => [
      row.company_id,
      {
        companyId: row.company_id,
        hasYesterday: row.has_yesterday,
        yesterdayScore: row.yesterday_score,
        yesterdayBand: row.yesterday_band,
        yesterdayAdoptionSince: row.yesterday_adoption_since,
        comparison:
          row.comparison_date === null || row.comparison_score === null || row.comparison_band === null
            ? null
            : {
                date: row.comparison_date,
                score: row.comparison_score,
                band: row.comparison_band,
                base: changeBaseOf(
                  row.comparison_score,
                  row.comparison_component_scores,
                  row.comparison_component_points,
                ),
              },
        seatStreakBroken: row.seat_streak_broken,
        seatHistory: row.seat_history,
      },
    ]),
  );
}

/** The company's score on `asOf`, or its newest before. */
export async function findLatestScore(
  db: Executor,
  portalId: number,
  companyId: string,
  asOf: string,
): Promise<StoredHealthScore | null> {
  const [row] = await db
    .select()
    .from(healthScores)
    .where(
      and(
        eq(healthScores.portalId, portalId),
        eq(healthScores.companyId, companyId),
        lte(healthScores.scoreDate, asOf),
      ),
    )
    .orderBy(desc(healthScores.scoreDate))
    .limit(1);
  return row ?? null;
}

export async function listScoreHistory(
  db: Executor,
  portalId: number,
  companyId: string,
  from: string,
  to: string,
): Promise<Array<{ date: string; score: number; band: string }>> {
  return db
    .select({ date: healthScores.scoreDate, score: healthScores.score, band: healthScores.band })
    .from(healthScores)
    .where(
      and(
        eq(healthScores.portalId, portalId),
        eq(healthScores.companyId, companyId),
        gte(healthScores.scoreDate, from),
        lte(healthScores.scoreDate, to),
      ),
    )
    .orderBy(healthScores.scoreDate);
}

export async function countScoresOn(db: Executor, portalId: number, date: string): Promise<number> {
  const [row] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(healthScores)
    .where(and(eq(healthScores.portalId, portalId), eq(healthScores.scoreDate, date)));
  return row?.count ?? 0;
}

/** The newest day on or before `asOf` with scores: alerts are read from the last run. */
export async function latestScoreDate(db: Executor, portalId: number, asOf: string): Promise<string | null> {
  const [row] = await db
    .select({ date: sql<string | null>`max(${healthScores.scoreDate})::text` })
    .from(healthScores)
    .where(and(eq(healthScores.portalId, portalId), lte(healthScores.scoreDate, asOf)));
  return row?.date ?? null;
}

export interface AlertRow {
  companyId: string;
  companyName: string | null;
  ownerId: string | null;
  /** The CSM assigned at hand-off, else the company's owner. */
  csmId: string | null;
  score: number;
  band: string;
  stage: string | null;
  alerts: Record<string, unknown>[];
}

const alertRowSchema = z.object({
  company_id: z.string(),
  name: z.string().nullable(),
  owner_id: z.string().nullable(),
  csm_id: z.string().nullable(),
  score: integerColumn,
  band: z.string(),
  stage: z.string().nullable(),
  alerts: jsonColumn(z.array(z.record(z.string(), z.unknown()))),
});

export async function listAlertRows(db: Executor, portalId: number, date: string): Promise<AlertRow[]> {
  const rows = await queryRows(
    db,
    sql`
    select h.company_id, c.name, c.owner_id, ${companyCsmId} as csm_id, h.score, h.band, h.stage, h.alerts
    from health_scores h left join companies c on c.portal_id = h.portal_id and c.id = h.company_id
    ${csmAssignmentJoin}
    where h.portal_id = ${portalId} and h.score_date = ${date}::date and jsonb_array_length(h.alerts) > 0
    order by h.score, h.company_id`,
    alertRowSchema,
  );
  return rows.map((row) => ({
    companyId: row.company_id,
    companyName: row.name,
    ownerId: row.owner_id,
    csmId: row.csm_id,
    score: row.score,
    band: row.band,
    stage: row.stage,
    alerts: row.alerts,
  }));
}
