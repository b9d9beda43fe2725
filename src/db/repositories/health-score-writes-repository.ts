import { sql } from 'drizzle-orm';
import { chunks } from '../../domain/collections/chunks';
import { explanationSignals } from '../../domain/health/explanation-signals';
import type { Database, Executor } from '../client';
import { copyLine, copyLines, inServerTransaction, serverPoolOf } from '../copy-rows';
import type { HealthScoreRow } from './customer-success-health-repository';

export const scoresPerStatement = 2_000;

/**
 * A day's explanations are TOASTed; lz4 compresses them several times faster than the default pglz.
 * Builds without lz4 (PGlite) list no such value and keep their default. Transaction-local when in one.
 */
async function useLz4Compression(db: Executor): Promise<void> {
  await db.execute(sql`select set_config('default_toast_compression', 'lz4', true) from pg_settings
    where name = 'default_toast_compression' and 'lz4' = any(enumvals)`);
}

/**
 * Replaces a portal's scores of one day with the rows the batches yield, in one transaction: a second run on
 * the same day replaces the first, companies it no longer scores included. Batches are pulled one at a time
 * while the server stores the previous one, so a lazy producer (the recompute scoring as it goes) works while
 * the database writes. On a Postgres server the rows go in with COPY after the day's old rows are deleted (20k of
 * the health bench's rows: 1.0 s, against 1.7 s with the JSON statement below); on the embedded database, with
 * that upsert statement.
 */
export async function replaceHealthScoresOfDay(
  db: Database,
  day: { portalId: number; scoreDate: string },
  batches: Iterable<readonly HealthScoreRow[]>,
): Promise<void> {
  const ofTheDay = (row: HealthScoreRow) => {
    if (row.portalId !== day.portalId || row.scoreDate !== day.scoreDate)
      throw new RangeError(
        `a score of ${row.portalId} on ${row.scoreDate} among the scores of ${day.portalId} on ${day.scoreDate}`,
      );
    return row;
  };
  const deleteTheDay = (executor: Executor) =>
    executor.execute(
      sql`delete from health_scores where portal_id = ${day.portalId} and score_date = ${day.scoreDate}::date`,
    );
  const pool = serverPoolOf(db);
  if (pool === undefined) {
    await db.transaction(async (transaction) => {
      await deleteTheDay(transaction);
      function* checked() {
        for (const batch of batches) yield batch.map(ofTheDay);
      }
      await upsertHealthScoreBatches(transaction, checked());
    });
    return;
  }
  await inServerTransaction(pool, async ({ db: transaction, client }) => {
    await useLz4Compression(transaction);
    await deleteTheDay(transaction);
    function* lines() {
      for (const batch of batches) yield batch.map((row) => copyLine(storedValues(ofTheDay(row)))).join('');
    }
    await copyLines(client, 'health_scores', storedColumns, lines());
  });
}

const storedColumns = [
  'portal_id',
  'company_id',
  'score_date',
  'score',
  'band',
  'stage',
  'adoption_since',
  'active_users',
  'seats',
  'explanation',
  'alerts',
  'suggestions',
  'component_scores',
  'component_points',
  'days_to_renewal',
  'latest_nps',
] as const;

/**
 * A row's values in `storedColumns` order, for both writes. The columns read instead of the explanation
 * (`component_scores`, `component_points`, `days_to_renewal`, `latest_nps`: playbook triggers, and what the next runs
 * measure a change against) come from the domain's `explanationSignals`; migrations 0026 and 0027 filled stored rows
 * with SQL that computes the same (test/customer-success/explanation-signals-sql.test.ts).
 */
function storedValues(row: HealthScoreRow) {
  const signals = explanationSignals(row.explanation);
  return [
    row.portalId,
    row.companyId,
    row.scoreDate,
    row.score,
    row.band,
    row.stage ?? null,
    row.adoptionSince ?? null,
    row.activeUsers ?? 0,
    row.seats ?? null,
    row.explanation,
    row.alerts ?? [],
    row.suggestions ?? {},
    signals.componentScores,
    signals.componentPoints,
    signals.daysToRenewal,
    signals.latestNps,
  ];
}

/**
 * Upserts the batches (a second write of a company's day replaces the first). Each batch travels as one JSON
 * parameter, which Postgres unpacks far faster than thousands of bind values.
 */
export async function upsertHealthScoreBatches(
  db: Executor,
  batches: Iterable<readonly HealthScoreRow[]>,
): Promise<void> {
  await useLz4Compression(db);
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
  const rows = batch.map((row) => {
    const values = storedValues(row);
    return Object.fromEntries(storedColumns.map((column, index) => [column, values[index]]));
  });
  return sql`
    insert into health_scores (${sql.raw(storedColumns.join(', '))})
    select r.* from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r(portal_id bigint, company_id text, score_date date,
      score integer, band text, stage text, adoption_since date, active_users integer, seats integer, explanation json,
      alerts jsonb, suggestions jsonb, component_scores jsonb, component_points jsonb, days_to_renewal integer, latest_nps smallint)
    on conflict (portal_id, company_id, score_date) do update set
      score = excluded.score, band = excluded.band, stage = excluded.stage, adoption_since = excluded.adoption_since,
      active_users = excluded.active_users, seats = excluded.seats, explanation = excluded.explanation,
      alerts = excluded.alerts, suggestions = excluded.suggestions, component_scores = excluded.component_scores,
      component_points = excluded.component_points,
      days_to_renewal = excluded.days_to_renewal, latest_nps = excluded.latest_nps, computed_at = now()`;
}
