import { sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { ReportMonth } from '../../domain/kpi/cohort-triangle';
import type { Executor } from '../client';
import { companyGroups, groupKeyColumn, withKpiPlannerSettings, type KpiCutColumn } from './kpi-query-parts';
import { integerColumn, queryRows } from './query-rows';
import { companyMrrSource, groupMrrSource } from './kpi-mrr-source';

export type CohortQuery = {
  portalId: number;
  /** The report's months, in order; the last one's day bounds who has joined a cohort yet. */
  months: readonly ReportMonth[];
  cut: Extract<KpiCutColumn, 'owner' | 'tier' | 'industry'> | null;
  /** What one customer is (the KPI setting): each company, or a top-level parent with every company below it. */
  customers: 'each-company' | 'group';
};

/** One cell of one group's triangle: the cohort's size and its members' customers and MRR on the month's day. */
export type CohortCell = {
  group: string | null;
  cohort: string;
  size: number;
  month: string;
  customers: number;
  mrrMinor: number;
};

const cellRowSchema = z.object({
  group_key: groupKeyColumn,
  cohort: z.string(),
  size: integerColumn,
  month: z.string(),
  customers: integerColumn,
  mrr: integerColumn,
});

/** A calendar month as a number (year x 12 + month - 1), so a step's months are a range of integers. */
const monthNumber = (date: SQL) => sql`(extract(year from ${date})::int * 12 + extract(month from ${date})::int - 1)`;

function monthNumberOf(month: string): number {
  return Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;
}

/**
 * Domain §3.2 from the MRR steps kept with the contracts (company_mrr_steps): a company's cohort is the month
 * of its first step to a positive MRR, and its MRR on a month's day is the step in force then. Each positive
 * step of a member is spread over the report months it may be in force on (month numbers from its day's to its
 * next step's) and kept where it is, so the work grows with members x months, not members x steps x months;
 * cohort months without a customer left get zeros.
 */
export function cohortCellsQuery(query: CohortQuery): SQL | null {
  const first = query.months[0];
  const last = query.months[query.months.length - 1];
  if (first === undefined || last === undefined) return null;
  const { portalId } = query;
  const months = sql.join(
    query.months.map(
      (month) => sql`(${monthNumberOf(month.month)}::int, ${month.month}::text, ${month.measuredOn}::date)`,
    ),
    sql`, `,
  );
  const lastNumber = monthNumberOf(last.month);
  const grouped = query.cut !== null;
  // In group mode a member is a top-level parent: its cohort is the group's first paying month (§3.2 on groups).
  const source = query.customers === 'group' ? groupMrrSource(portalId) : companyMrrSource;
  const groupJoin = grouped
    ? sql`left join (${companyGroups(portalId, query.cut)}) g on g.company_id = f.company_id`
    : sql``;
  return sql`with ${source.ctes}
months as (select * from (values ${months}) as m(month_number, month, measured_on)),
members as (
  select f.company_id, to_char(f.first_day, 'YYYY-MM') as cohort, ${monthNumber(sql`f.first_day`)} as cohort_number,
    ${grouped ? sql`g.group_key` : sql`null::text`} as group_key
  from (
    select company_id, min(day) as first_day from ${source.steps}
    where portal_id = ${portalId} and mrr_minor > 0 and day <= ${last.measuredOn}::date group by company_id
  ) f ${groupJoin}
  where f.first_day >= ${`${first.month}-01`}::date
),
sized as (select company_id, cohort, cohort_number, group_key, count(*) over (partition by group_key, cohort) as size from members),
cells as (
  select mb.group_key, mb.cohort, k.month_number, count(*) as customers, sum(s.mrr_minor) as mrr
  from sized mb
  join ${source.steps} s on s.portal_id = ${portalId} and s.company_id = mb.company_id and s.mrr_minor > 0 and s.day <= ${last.measuredOn}::date
  cross join lateral generate_series(greatest(${monthNumber(sql`s.day`)}, mb.cohort_number),
    least(coalesce(${monthNumber(sql`s.next_day`)}, ${lastNumber}), ${lastNumber})) as k(month_number)
  join months m on m.month_number = k.month_number
  where s.day <= m.measured_on and (s.next_day is null or s.next_day > m.measured_on)
  group by 1, 2, 3
),
cohorts as (select distinct group_key, cohort, cohort_number, size from sized)
select c.group_key, c.cohort, c.size, m.month, coalesce(x.customers, 0) as customers, coalesce(x.mrr, 0) as mrr
from cohorts c
join months m on m.month_number >= c.cohort_number
left join cells x on coalesce(x.group_key, chr(1)) = coalesce(c.group_key, chr(1)) and x.cohort = c.cohort and x.month_number = m.month_number`;
}

export async function cohortCells(db: Executor, query: CohortQuery): Promise<CohortCell[]> {
  const statement = cohortCellsQuery(query);
  if (statement === null) return [];
  const rows = await withKpiPlannerSettings(db, (executor) => queryRows(executor, statement, cellRowSchema));
  return rows.map((row) => ({
    group: row.group_key,
    cohort: row.cohort,
    size: row.size,
    month: row.month,
    customers: row.customers,
    mrrMinor: row.mrr,
  }));
}
