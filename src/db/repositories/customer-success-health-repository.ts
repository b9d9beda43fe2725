import { chunks } from '../../domain/collections/chunks';
import { and, desc, eq, gte, lte, sql, type SQL } from 'drizzle-orm';
import { addDays } from '../../domain/time/calendar-date';
import type { Executor } from '../client';
import { healthScores } from '../schema';
import { z } from 'zod';
import { integerColumn, jsonColumn, nullableIntegerColumn, queryRows } from './query-rows';

export type HealthScoreRow = typeof healthScores.$inferInsert;
export type StoredHealthScore = typeof healthScores.$inferSelect;

export const scoresPerStatement = 2_000;

/**
 * One score per company per day: a second run on the same day replaces the first. Each batch
 * travels as one JSON parameter, which Postgres unpacks far faster than thousands of bind values.
 * Batches are pulled one at a time while the previous one is being stored, so a lazy producer
 * (the recompute scoring as it goes) works while the database writes.
 */
export async function upsertHealthScoreBatches(
  db: Executor,
  batches: Iterable<readonly HealthScoreRow[]>,
): Promise<void> {
  // A day's explanations are TOASTed; lz4 compresses them several times faster than the default pglz.
  // Builds without lz4 (PGlite) list no such value and keep their default. Transaction-local when in one.
  await db.execute(sql`select set_config('default_toast_compression', 'lz4', true) from pg_settings
    where name = 'default_toast_compression' and 'lz4' = any(enumvals)`);
  let storing: Promise<unknown> = Promise.resolve();
  for (const batch of batches) {
    await storing;
    if (batch.length === 0) continue;
    storing = db.execute(upsertStatement(batch));
    // Lets the statement reach the server before the producer computes the next batch.
    await new Promise((resolve) => setImmediate(resolve));
  }
  await storing;
}

export async function upsertHealthScores(db: Executor, rows: readonly HealthScoreRow[]): Promise<void> {
  await upsertHealthScoreBatches(db, chunks(rows, scoresPerStatement));
}

/**
 * The columns playbook triggers read, picked out of an explanation (`component_scores`, `days_to_renewal`,
 * `latest_nps`, in that order): the scored components' scores by component, the commercial component's days to
 * renewal and the sentiment component's latest NPS answer. Migration 0026 backfilled stored rows with the same
 * expressions.
 */
function explanationSignalsSql(explanation: SQL): SQL {
  return sql`case when jsonb_typeof(${explanation}->'components') = 'array' then coalesce((
      select jsonb_object_agg(c->>'component', (c->>'score')::float8) from jsonb_array_elements(${explanation}->'components') c
      where jsonb_typeof(c->'score') = 'number'), '{}'::jsonb) end,
    (jsonb_path_query_first(${explanation}, '$.components[*] ? (@.component == "commercial").raw.daysToRenewal') #>> '{}')::numeric::integer,
    (jsonb_path_query_first(${explanation}, '$.components[*] ? (@.component == "sentiment").raw.latestNps') #>> '{}')::numeric::smallint`;
}

function upsertStatement(batch: readonly HealthScoreRow[]) {
  const rows = batch.map((row) => ({
    portal_id: row.portalId,
    company_id: row.companyId,
    score_date: row.scoreDate,
    score: row.score,
    band: row.band,
    stage: row.stage ?? null,
    adoption_since: row.adoptionSince ?? null,
    active_users: row.activeUsers ?? 0,
    seats: row.seats ?? null,
    explanation: row.explanation,
    alerts: row.alerts ?? [],
    suggestions: row.suggestions ?? {},
  }));
  return sql`
    insert into health_scores (portal_id, company_id, score_date, score, band, stage, adoption_since, active_users, seats, explanation, alerts, suggestions,
      component_scores, days_to_renewal, latest_nps)
    select r.*, ${explanationSignalsSql(sql`r.explanation`)}
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r(portal_id bigint, company_id text, score_date date, score integer,
      band text, stage text, adoption_since date, active_users integer, seats integer, explanation jsonb, alerts jsonb, suggestions jsonb)
    on conflict (portal_id, company_id, score_date) do update set
      score = excluded.score, band = excluded.band, stage = excluded.stage, adoption_since = excluded.adoption_since,
      active_users = excluded.active_users, seats = excluded.seats, explanation = excluded.explanation,
      alerts = excluded.alerts, suggestions = excluded.suggestions, component_scores = excluded.component_scores,
      days_to_renewal = excluded.days_to_renewal, latest_nps = excluded.latest_nps, computed_at = now()`;
}

const bandSchema = z.enum(['red', 'yellow', 'green']);

const scoreContextRowSchema = z.object({
  company_id: z.string(),
  has_yesterday: z.boolean(),
  yesterday_score: nullableIntegerColumn,
  yesterday_band: bandSchema.nullable(),
  yesterday_adoption_since: z.string().nullable(),
  comparison_date: z.string().nullable(),
  comparison_score: nullableIntegerColumn,
  comparison_band: bandSchema.nullable(),
  comparison_explanation: jsonColumn(z.unknown()),
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
  comparison: { date: string; score: number; band: 'red' | 'yellow' | 'green'; explanation: unknown } | null;
  seatHistory: Array<{ date: string; activeUsers: number; seats: number | null }>;
}

/**
 * What the previous runs left for `asOf`, per company: yesterday's band and adoption run, the score
 * to compare with (the newest within `toleranceDays` before `asOf - compareDays`) and the recent
 * daily seat counts.
 */
export async function loadScoreContext(
  db: Executor,
  portalId: number,
  asOf: string,
  compareDays: number,
  toleranceDays: number,
  seatHistoryDays: number,
): Promise<Map<string, ScoreContextRow>> {
  const oldest = addDays(asOf, -Math.max(compareDays + toleranceDays, seatHistoryDays));
  const yesterday = addDays(asOf, -1);
  const seatFrom = addDays(asOf, -seatHistoryDays);
  const compareFrom = addDays(asOf, -(compareDays + toleranceDays));
  const compareTo = addDays(asOf, -Math.max(compareDays, 1));
  // One row per company, folded in SQL: a portal with weeks of history would otherwise send every company's
  // every day (and each explanation of the tolerance window) to Node to keep one of each.
  const rows = await queryRows(
    db,
    sql`
    with recent as (
      select company_id,
        bool_or(score_date = ${yesterday}::date) as has_yesterday,
        max(score) filter (where score_date = ${yesterday}::date) as yesterday_score,
        max(band) filter (where score_date = ${yesterday}::date) as yesterday_band,
        max(adoption_since::text) filter (where score_date = ${yesterday}::date) as yesterday_adoption_since,
        coalesce(json_agg(json_build_object('date', score_date::text, 'activeUsers', active_users, 'seats', seats)
          order by score_date) filter (where score_date >= ${seatFrom}::date), '[]') as seat_history,
        max(score_date) filter (where score_date between ${compareFrom}::date and ${compareTo}::date) as comparison_day
      from health_scores
      where portal_id = ${portalId} and score_date >= ${oldest}::date and score_date < ${asOf}::date
      group by company_id
    )
    select recent.company_id, recent.has_yesterday, recent.yesterday_score, recent.yesterday_band,
      recent.yesterday_adoption_since, recent.seat_history, recent.comparison_day::text as comparison_date,
      comparison.score as comparison_score, comparison.band as comparison_band,
      comparison.explanation as comparison_explanation
    from recent left join health_scores comparison on comparison.portal_id = ${portalId}
      and comparison.company_id = recent.company_id and comparison.score_date = recent.comparison_day`,
    scoreContextRowSchema,
  );
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
                explanation: row.comparison_explanation,
              },
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

/**
 * Drops the day's scores of companies a later run of the same day no longer scored (no longer a customer),
 * so the day's bands count the customers of that run only.
 */
export async function deleteScoresNotIn(
  db: Executor,
  portalId: number,
  scoreDate: string,
  companyIds: readonly string[],
): Promise<void> {
  await db.execute(sql`delete from health_scores where portal_id = ${portalId} and score_date = ${scoreDate}::date
    and company_id not in (select jsonb_array_elements_text(${JSON.stringify(companyIds)}::jsonb))`);
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
  score: number;
  band: string;
  stage: string | null;
  alerts: Record<string, unknown>[];
}

const alertRowSchema = z.object({
  company_id: z.string(),
  name: z.string().nullable(),
  owner_id: z.string().nullable(),
  score: integerColumn,
  band: z.string(),
  stage: z.string().nullable(),
  alerts: jsonColumn(z.array(z.record(z.string(), z.unknown()))),
});

export async function listAlertRows(db: Executor, portalId: number, date: string): Promise<AlertRow[]> {
  const rows = await queryRows(
    db,
    sql`
    select h.company_id, c.name, c.owner_id, h.score, h.band, h.stage, h.alerts
    from health_scores h left join companies c on c.portal_id = h.portal_id and c.id = h.company_id
    where h.portal_id = ${portalId} and h.score_date = ${date}::date and jsonb_array_length(h.alerts) > 0
    order by h.score, h.company_id`,
    alertRowSchema,
  );
  return rows.map((row) => ({
    companyId: row.company_id,
    companyName: row.name,
    ownerId: row.owner_id,
    score: row.score,
    band: row.band,
    stage: row.stage,
    alerts: row.alerts,
  }));
}
