import { sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Executor } from '../client';
import { queryRows } from './query-rows';

/**
 * A range of company ids (`from` inclusive, `to` exclusive, null for open), so each statement reads its
 * companies' rows through the (portal, company, ...) indexes instead of every statement scanning every row.
 */
export interface CompanyRange {
  readonly from: string | null;
  readonly to: string | null;
}

/**
 * Splits the distinct `company_id`s `companies` selects into `parts` ranges with about as many companies each,
 * covering every id (the first range opens below, the last above). The bounds compare in the column's own
 * collation, as the statements' filters do.
 */
export async function splitIntoCompanyRanges(db: Executor, companies: SQL, parts: number): Promise<CompanyRange[]> {
  if (parts <= 1) return [{ from: null, to: null }];
  const bounds = await queryRows(
    db,
    sql`
    select company_id from (
      select company_id, row_number() over (order by company_id) - 1 as position, count(*) over () as companies
      from (select distinct company_id from (${companies}) listed) ids
    ) numbered
    where position > 0 and position % greatest(ceil(companies::numeric / ${parts}::int), 1)::int = 0
    order by company_id`,
    z.object({ company_id: z.string() }),
  );
  const starts = [null, ...bounds.map((row) => row.company_id)];
  return starts.map((from, index) => ({ from, to: starts[index + 1] ?? null }));
}

/** `column` within the range, as SQL. */
export function inCompanyRange(column: SQL, range: CompanyRange): SQL {
  return sql`${range.from === null ? sql`true` : sql`${column} >= ${range.from}`} and ${
    range.to === null ? sql`true` : sql`${column} < ${range.to}`
  }`;
}
