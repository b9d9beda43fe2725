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

/** Deletes every row of the portal, in all its tables; run it in a transaction so it is all or nothing. */
export async function deletePortalData(db: Executor, portalId: number): Promise<Record<string, number>> {
  const deleted: Record<string, number> = {};
  for (const { table, name, portalColumn } of portalTables()) {
    const rows = await db.delete(table).where(eq(portalColumn, portalId)).returning({ portalId: portalColumn });
    if (rows.length > 0) deleted[name] = rows.length;
  }
  return deleted;
}
