import { sql, type SQL } from 'drizzle-orm';
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
  const pool = serverPoolOf(db);
  if (pool === undefined) {
    await db.transaction(async (transaction) => {
      const stored: string[] = [];
      function* checked() {
        for (const batch of batches) {
          stored.push(...batch.map((row) => ofTheDay(row).companyId));
          yield batch;
        }
      }
      await upsertHealthScoreBatches(transaction, checked());
      await deleteScoresNotIn(transaction, day.portalId, day.scoreDate, stored);
    });
    return;
  }
  await inServerTransaction(pool, async ({ db: transaction, client }) => {
    await useLz4Compression(transaction);
    await transaction.execute(
      sql`delete from health_scores where portal_id = ${day.portalId} and score_date = ${day.scoreDate}::date`,
    );
    function* lines() {
      for (const batch of batches) yield batch.map((row) => copyLine(copyValues(ofTheDay(row)))).join('');
    }
    await copyLines(client, 'health_scores', copyColumns, lines());
  });
}

const copyColumns = [
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

function copyValues(row: HealthScoreRow) {
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
 * Upserts the batches (a second run on the same day replaces the first). Each batch travels as one JSON
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

/**
 * The columns read instead of an explanation (`component_scores`, `component_points`, `days_to_renewal`, `latest_nps`,
 * in that order): the scored components' scores and points by component (playbook triggers, and what the next runs
 * measure a change against), the commercial component's days to renewal and the sentiment component's latest NPS
 * answer. Migrations 0026 and 0027 backfilled stored rows with the same expressions; `explanationSignals` (the
 * domain's) computes the same values for the rows sent with COPY.
 */
function explanationSignalsSql(explanation: SQL): SQL {
  const byComponent = (key: 'score' | 'points') =>
    sql`case when jsonb_typeof(${explanation}->'components') = 'array' then coalesce((
      select jsonb_object_agg(c->>'component', (c->>${key})::float8) from jsonb_array_elements(${explanation}->'components') c
      where jsonb_typeof(c->${key}) = 'number'), '{}'::jsonb) end`;
  return sql`${byComponent('score')}, ${byComponent('points')},
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
      component_scores, component_points, days_to_renewal, latest_nps)
    select r.*, ${explanationSignalsSql(sql`r.explanation`)}
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r(portal_id bigint, company_id text, score_date date, score integer,
      band text, stage text, adoption_since date, active_users integer, seats integer, explanation jsonb, alerts jsonb, suggestions jsonb)
    on conflict (portal_id, company_id, score_date) do update set
      score = excluded.score, band = excluded.band, stage = excluded.stage, adoption_since = excluded.adoption_since,
      active_users = excluded.active_users, seats = excluded.seats, explanation = excluded.explanation,
      alerts = excluded.alerts, suggestions = excluded.suggestions, component_scores = excluded.component_scores,
      component_points = excluded.component_points,
      days_to_renewal = excluded.days_to_renewal, latest_nps = excluded.latest_nps, computed_at = now()`;
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
