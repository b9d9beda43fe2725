import { sql, type SQL } from 'drizzle-orm';
import { companyRootsQuery } from './company-hierarchy-repository';

/**
 * Where the contract KPI query reads customers' MRR steps and expansion contracts: tables (or CTEs) with the
 * columns of `company_mrr_steps` and `contracts`, `company_id` naming the customer.
 */
export type MrrSource = {
  /** CTEs the source needs, each followed by a comma; empty for the kept tables. */
  readonly ctes: SQL;
  readonly steps: SQL;
  readonly contracts: SQL;
};

/** Each company is a customer: the steps kept with the contracts. */
export const companyMrrSource: MrrSource = {
  ctes: sql``,
  steps: sql`company_mrr_steps`,
  contracts: sql`contracts`,
};

/**
 * A top-level parent and every company below it are one customer: the members' contracts under the parent's
 * id, and the group's MRR steps built from them the way company_mrr_steps is from a company's contracts (each
 * contract adds its MRR on its start day and removes it on its end day; days netting to zero are no step).
 */
export function groupMrrSource(portalId: number): MrrSource {
  return {
    ctes: sql`member_roots as (${companyRootsQuery(portalId)}),
group_contracts as (
  select c.portal_id, coalesce(r.root_id, c.company_id) as company_id, c.kind, c.mrr_minor, c.start_date, c.end_date, c.close_date
  from contracts c left join member_roots r on r.company_id = c.company_id
  where c.portal_id = ${portalId}
),
group_mrr_steps as (
  select ${portalId}::bigint as portal_id, company_id, day, level as mrr_minor, level - delta as previous_mrr_minor,
    lag(day) over group_days as previous_day, lead(day) over group_days as next_day
  from (
    select company_id, day, delta, sum(delta) over (partition by company_id order by day rows between unbounded preceding and current row) as level
    from (
      select company_id, day, sum(delta) as delta from (
        select company_id, start_date as day, mrr_minor as delta from group_contracts
        union all
        select company_id, end_date as day, -mrr_minor as delta from group_contracts
      ) edges group by company_id, day having sum(delta) <> 0
    ) deltas
  ) levels
  window group_days as (partition by company_id order by day)
),`,
    steps: sql`group_mrr_steps`,
    contracts: sql`group_contracts`,
  };
}
