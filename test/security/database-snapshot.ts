import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '../../src/db/client';
import { queryRows } from '../../src/db/repositories/query-rows';

type Rows = Array<Record<string, unknown>>;

async function rows(db: Database, query: ReturnType<typeof sql>): Promise<Rows> {
  return queryRows(db, query, z.record(z.string(), z.unknown()));
}

// Reports keep the KPI aggregates of closed periods they computed (kpi_period_cache): figures derived from the
// data, written by reading on purpose, never by what a request sends.
const derivedCaches = ['kpi_period_cache'];

/**
 * Row count and a digest of every row of every table outside the system schemas and the derived caches: any
 * write of data changes it. With `portalId`, only that portal's rows (tables without a portal_id column are left out).
 */
export async function snapshotDatabase(db: Database, portalId?: number): Promise<Record<string, string>> {
  const tables = await rows(
    db,
    sql`select t.table_schema, t.table_name from information_schema.tables t
        where t.table_type = 'BASE TABLE' and t.table_schema not in ('pg_catalog', 'information_schema')
          and t.table_name <> all(${`{${derivedCaches.join(',')}}`}::text[])
          and (${portalId ?? null}::bigint is null or exists (select 1 from information_schema.columns c
               where c.table_schema = t.table_schema and c.table_name = t.table_name and c.column_name = 'portal_id'))
        order by 1, 2`,
  );
  const filter = portalId === undefined ? '' : ` where portal_id = ${portalId}`;
  const snapshot: Record<string, string> = {};
  for (const table of tables) {
    const name = `"${String(table.table_schema)}"."${String(table.table_name)}"`;
    const [digest] = await rows(
      db,
      sql.raw(
        `select count(*)::int as count, coalesce(md5(string_agg(t::text, '|' order by t::text)), '') as digest from ${name} t${filter}`,
      ),
    );
    snapshot[name] = `${String(digest?.count)} rows ${String(digest?.digest)}`;
  }
  return snapshot;
}
