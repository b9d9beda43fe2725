import { chunks } from '../../domain/collections/chunks';
import { and, desc, eq, gte, lte, sql } from 'drizzle-orm';
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
    insert into health_scores (portal_id, company_id, score_date, score, band, stage, adoption_since, active_users, seats, explanation, alerts, suggestions)
    select * from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r(portal_id bigint, company_id text, score_date date, score integer,
      band text, stage text, adoption_since date, active_users integer, seats integer, explanation jsonb, alerts jsonb, suggestions jsonb)
    on conflict (portal_id, company_id, score_date) do update set
      score = excluded.score, band = excluded.band, stage = excluded.stage, adoption_since = excluded.adoption_since,
      active_users = excluded.active_users, seats = excluded.seats, explanation = excluded.explanation,
      alerts = excluded.alerts, suggestions = excluded.suggestions, computed_at = now()`;
}

const scoreContextRowSchema = z.object({
  company_id: z.string(),
  score_date: z.string(),
  score: integerColumn,
  band: z.enum(['red', 'yellow', 'green']),
  adoption_since: z.string().nullable(),
  active_users: integerColumn,
  seats: nullableIntegerColumn,
  explanation: jsonColumn(z.unknown()),
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
  const oldest = Math.max(compareDays + toleranceDays, seatHistoryDays);
  const rows = await queryRows(
    db,
    sql`
    select company_id, score_date::text as score_date, score, band, adoption_since::text as adoption_since, active_users, seats,
      case when score_date between ${asOf}::date - ${compareDays + toleranceDays}::int and ${asOf}::date - ${compareDays}::int then explanation end as explanation
    from health_scores
    where portal_id = ${portalId} and score_date >= ${asOf}::date - ${oldest}::int and score_date < ${asOf}::date
    order by company_id, score_date`,
    scoreContextRowSchema,
  );
  const yesterday = addDays(asOf, -1);
  const compareTo = addDays(asOf, -compareDays);
  const seatFrom = addDays(asOf, -seatHistoryDays);
  const context = new Map<string, ScoreContextRow>();
  for (const row of rows) {
    const companyId = row.company_id;
    const date = row.score_date;
    const entry = context.get(companyId) ?? {
      companyId,
      hasYesterday: false,
      yesterdayScore: null,
      yesterdayBand: null,
      yesterdayAdoptionSince: null,
      comparison: null,
      seatHistory: [],
    };
    if (date === yesterday) {
      entry.hasYesterday = true;
      entry.yesterdayScore = row.score;
      entry.yesterdayBand = row.band;
      entry.yesterdayAdoptionSince = row.adoption_since;
    }
    if (row.explanation !== null && date <= compareTo)
      entry.comparison = { date, score: row.score, band: row.band, explanation: row.explanation };
    if (date >= seatFrom) entry.seatHistory.push({ date, activeUsers: row.active_users, seats: row.seats });
    context.set(companyId, entry);
  }
  return context;
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
