import { sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { ReportMonth } from '../../domain/kpi/cohort-triangle';
import type { Executor } from '../client';
import { companyGroups, groupKeyColumn, integerColumn, queryRows, withKpiPlannerSettings, type KpiCutColumn } from './kpi-query-parts';

export type CohortQuery = {
  portalId: number;
  /** The report's months, in order; the last one's day bounds who has joined a cohort yet. */
  months: readonly ReportMonth[];
  cut: Extract<KpiCutColumn, 'owner' | 'tier' | 'industry'> | null;
};

/** One cell of one group's triangle: the cohort's size and its members' customers and MRR on the month's day. */
export type CohortCell = { group: string | null; cohort: string; size: number; month: string; customers: number; mrrMinor: number };

const cellRowSchema = z.object({
  group_key: groupKeyColumn,
  cohort: z.string(),
  size: integerColumn,
  month: z.string(),
  customers: integerColumn,
  mrr: integerColumn,
});

/**
 * Domain §3.2 from the MRR steps kept with the contracts (company_mrr_steps): a company's cohort is the month
 * of its first step to a positive MRR, and its MRR on a month's day is the step in force then (a primary-key
 * lookup per member and month, so the work grows with the cohorts' members, not the portal's history).
 */
export function cohortCellsQuery(query: CohortQuery): SQL | null {
  const first = query.months[0];
  const last = query.months[query.months.length - 1];
  if (first === undefined || last === undefined) return null;
  const { portalId } = query;
  const months = sql.join(query.months.map((month) => sql`(${month.month}::text, ${month.measuredOn}::date)`), sql`, `);
  const grouped = query.cut !== null;
  const groupJoin = grouped ? sql`left join (${companyGroups(portalId, query.cut)}) g on g.company_id = f.company_id` : sql``;
  return sql`with months as (select * from (values ${months}) as m(month, measured_on)),
members as (
  select f.company_id, to_char(f.first_day, 'YYYY-MM') as cohort, ${grouped ? sql`g.group_key` : sql`null::text`} as group_key
  from (
    select company_id, min(day) as first_day from company_mrr_steps
    where portal_id = ${portalId} and mrr_minor > 0 and day <= ${last.measuredOn}::date group by company_id
  ) f ${groupJoin}
  where f.first_day >= ${`${first.month}-01`}::date
),
sized as (select company_id, cohort, group_key, count(*) over (partition by group_key, cohort) as size from members)
select mb.group_key, mb.cohort, mb.size, m.month, count(s.company_id) as customers, coalesce(sum(s.mrr_minor), 0) as mrr
from sized mb
join months m on m.month >= mb.cohort
left join company_mrr_steps s on s.portal_id = ${portalId} and s.company_id = mb.company_id and s.mrr_minor > 0
  and s.day <= m.measured_on and (s.next_day is null or s.next_day > m.measured_on)
group by mb.group_key, mb.cohort, mb.size, m.month`;
}

export async function cohortCells(db: Executor, query: CohortQuery): Promise<CohortCell[]> {
  const statement = cohortCellsQuery(query);
  if (statement === null) return [];
  const rows = await withKpiPlannerSettings(db, (executor) => queryRows(executor, statement, cellRowSchema));
  return rows.map((row) => ({ group: row.group_key, cohort: row.cohort, size: row.size, month: row.month, customers: row.customers, mrrMinor: row.mrr }));
}
