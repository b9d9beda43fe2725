import { sql, type AnyColumn, type SQL } from 'drizzle-orm';

/**
 * `values` as one text[] parameter. Spelled `array[$1, $2, ...]` (or bound value by value, as drizzle binds a list),
 * a statement for thousands of ids is parsed and planned with a list of that length each time, and at most 65,535
 * values fit in a statement.
 */
export function textArrayParam(values: readonly string[]): SQL {
  return sql`${sql.param([...values])}::text[]`;
}

/** `column = any(values)`, the values as one text[] parameter (textArrayParam). */
export function isAnyOf(column: AnyColumn | SQL, values: readonly string[]): SQL {
  return sql`${column} = any(${textArrayParam(values)})`;
}
