import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Executor } from '../client';
import { dateColumn, jsonColumn, queryRows } from './query-rows';

/**
 * Where the aggregates of a period were computed from: `pg_current_snapshot()` taken before the computation,
 * and when. A change the snapshot did not see may be missing from them.
 */
export type KpiSnapshot = { snapshot: string; takenAt: Date };

export type KeptPeriod = {
  cacheKey: string;
  cut: string | null;
  customers: 'each-company' | 'group';
  readsRawEvents: boolean;
  lastDay: string;
  timeZone: string;
  rows: unknown;
};

// The change triggers (migration 0025) skip writes reaching only periods that ended within the last three days;
// keeping only periods that ended four days before the snapshot leaves a day for a writing transaction to commit.
const keptAfterDays = 4;
// A snapshot older than this is not used to keep anything: change rows are pruned two days after they are logged.
const snapshotLifetime = '1 hour';

const invalidatingChange = sql`exists (
  select 1 from kpi_input_changes c
  where c.portal_id = e.portal_id and c.changed_from <= e.period_end
    and (c.scope is null or c.scope = e.cut
      or (c.scope = 'companies' and (e.cut is not null or e.customers = 'group'))
      or (c.scope = 'hierarchy' and e.customers = 'group')
      or (c.scope = 'raw-events' and e.reads_raw_events))
    and not pg_visible_in_snapshot(c.transaction_id::text::xid8, e.snapshot::pg_snapshot)
)`;

export async function takeKpiSnapshot(db: Executor): Promise<KpiSnapshot> {
  const [row] = await queryRows(
    db,
    sql`select pg_current_snapshot()::text as snapshot, statement_timestamp() as taken_at`,
    z.object({ snapshot: z.string(), taken_at: dateColumn }),
  );
  if (row === undefined) throw new Error('pg_current_snapshot() returned no row');
  return { snapshot: row.snapshot, takenAt: row.taken_at };
}

/** The rows kept for `cacheKeys` that no later change can have altered, by key. */
export async function keptKpiPeriods(
  db: Executor,
  portalId: number,
  cacheKeys: readonly string[],
): Promise<Map<string, unknown>> {
  if (cacheKeys.length === 0) return new Map();
  const rows = await queryRows(
    db,
    sql`select e.cache_key, e.rows from kpi_period_cache e
      where e.portal_id = ${portalId} and e.cache_key in (${sql.join(
        cacheKeys.map((key) => sql`${key}`),
        sql`, `,
      )}) and not ${invalidatingChange}`,
    z.object({ cache_key: z.string(), rows: jsonColumn(z.unknown()) }),
  );
  return new Map(rows.map((row) => [row.cache_key, row.rows]));
}

/**
 * Keeps the periods that ended at least four days before the snapshot; a snapshot older than an hour keeps
 * nothing. An entry of the same key is replaced.
 */
export async function keepKpiPeriods(
  db: Executor,
  portalId: number,
  { snapshot, takenAt }: KpiSnapshot,
  periods: readonly KeptPeriod[],
): Promise<void> {
  if (periods.length === 0) return;
  const values = periods.map(
    (period) =>
      sql`(${period.cacheKey}, ${period.cut}, ${period.customers}, ${period.readsRawEvents}::boolean, ((${period.lastDay}::date + 1)::timestamp at time zone ${period.timeZone}), ${JSON.stringify(period.rows)}::jsonb)`,
  );
  await db.execute(sql`insert into kpi_period_cache (portal_id, cache_key, cut, customers, reads_raw_events, period_end, snapshot, rows)
    select ${portalId}, v.cache_key, v.cut, v.customers, v.reads_raw_events, v.period_end, ${snapshot}, v.rows
    from (values ${sql.join(values, sql`, `)}) as v(cache_key, cut, customers, reads_raw_events, period_end, rows)
    where v.period_end < ${takenAt.toISOString()}::timestamptz - make_interval(days => ${keptAfterDays})
      and ${takenAt.toISOString()}::timestamptz > statement_timestamp() - interval '${sql.raw(snapshotLifetime)}'
    on conflict (portal_id, cache_key) do update
      set cut = excluded.cut, customers = excluded.customers, reads_raw_events = excluded.reads_raw_events, period_end = excluded.period_end,
        snapshot = excluded.snapshot, rows = excluded.rows, computed_at = now()`);
}

/**
 * Drops the entries a change has reached, and those computed over 30 days ago (settings and cuts no longer asked
 * for do not pile up; a period still asked for is computed again once a month), then the changes logged more
 * than two days ago: every entry left saw them or cannot be reached by them, and any snapshot still in use was
 * taken after they committed (a writing transaction is assumed to commit within a day).
 */
export async function pruneKpiPeriodCache(db: Executor, portalId: number): Promise<void> {
  await db.execute(
    sql`delete from kpi_period_cache e where e.portal_id = ${portalId}
      and (e.computed_at < statement_timestamp() - interval '30 days' or ${invalidatingChange})`,
  );
  await db.execute(
    sql`delete from kpi_input_changes where portal_id = ${portalId} and logged_at < statement_timestamp() - interval '2 days'`,
  );
}
