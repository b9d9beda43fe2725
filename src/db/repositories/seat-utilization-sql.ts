import { sql, type SQL } from 'drizzle-orm';

/**
 * A stored health row (`row`, a table alias) with seats and at or over `percent` utilization, divided as the domain
 * divides (active users x 100 / seats in float8, as JavaScript's numbers): the one SQL form of the seat-expansion and
 * seat-utilization rules' "day at or over the threshold". Null when the row has no seat count.
 */
export function seatUtilizationAtLeastSql(row: string, percent: number): SQL {
  const alias = sql.raw(row);
  return sql`(${alias}.seats > 0 and (${alias}.active_users * 100)::float8 / ${alias}.seats >= ${percent}::float8)`;
}
