import { eq, is } from 'drizzle-orm';
import { getTableConfig, PgTable, type PgColumn } from 'drizzle-orm/pg-core';
import type { Executor } from '../client';
import * as schema from '../schema';

interface PortalTable {
  readonly table: PgTable;
  readonly name: string;
  readonly portalColumn: PgColumn;
}

/** Every table of the schema keyed by portal: `portal_id`, or `id` for the portals table itself. Read from the schema, so new tables are covered. */
export function portalTables(): PortalTable[] {
  const exported: unknown[] = Object.values(schema);
  return exported
    .filter((value): value is PgTable => is(value, PgTable))
    .flatMap((table) => {
      const { name, columns } = getTableConfig(table);
      const portalColumn = columns.find((column) => column.name === (name === 'portals' ? 'id' : 'portal_id'));
      return portalColumn ? [{ table, name, portalColumn }] : [];
    })
    .sort((left, right) => left.name.localeCompare(right.name));
}

// Deleting a portal's KPI inputs logs changes for it (the triggers of migration 0025): the log and the kept KPI
// periods go last, after every table that logs into them.
const deletedLast = new Set(['kpi_input_changes', 'kpi_period_cache']);

/** Deletes every row of the portal, in all its tables; run it in a transaction so it is all or nothing. */
export async function deletePortalData(db: Executor, portalId: number): Promise<Record<string, number>> {
  const deleted: Record<string, number> = {};
  const tables = portalTables();
  const ordered = [
    ...tables.filter(({ name }) => !deletedLast.has(name)),
    ...tables.filter(({ name }) => deletedLast.has(name)),
  ];
  for (const { table, name, portalColumn } of ordered) {
    const rows = await db.delete(table).where(eq(portalColumn, portalId)).returning({ portalId: portalColumn });
    if (rows.length > 0) deleted[name] = rows.length;
  }
  return deleted;
}
