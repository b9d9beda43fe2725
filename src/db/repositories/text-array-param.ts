import { sql, type SQL } from 'drizzle-orm';
import type { AnyColumn } from 'drizzle-orm';

/**
 * `column = any(values)` with the values as one text[] parameter. `inArray` binds one parameter per value: a
 * statement for thousands of ids is then parsed and planned with an IN list of that length each time, and at most
 * 65,535 values fit in a statement.
 */
export function isAnyOf(column: AnyColumn | SQL, values: readonly string[]): SQL {
  return sql`${column} = any(${sql.param([...values])}::text[])`;
}
