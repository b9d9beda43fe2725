import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { MrrMovements } from '../../domain/kpi/mrr-movements';
import type { Executor } from '../client';
import { companyGroups, groupKeyColumn, integerColumn, periodsValues, queryRows, sameGroup, withKpiPlannerSettings, type KpiQuery } from './kpi-query-parts';

const contractKpiRowSchema = z.object({
  label: z.string(),
  group_key: groupKeyColumn,
  customers_start: integerColumn,
  customers_end: integerColumn,
  start_mrr: integerColumn,
  end_mrr: integerColumn,
  new_customers: integerColumn,
  churned_customers: integerColumn,
  joined_and_left: integerColumn,
  new_mrr: integerColumn,
  expansion_mrr: integerColumn,
  contraction_mrr: integerColumn,
  churned_mrr: integerColumn,
  upsell_customers: integerColumn,
  upsell_mrr: integerColumn,
  cross_sell_customers: integerColumn,
  cross_sell_mrr: integerColumn,
});

/** Integer aggregates of one period and group (money in minor units). */
export type ContractKpiAggregates = MrrMovements & {
  period: string;
  group: string | null;
  customersStart: number;
  customersEnd: number;
  newCustomers: number;
  churnedCustomers: number;
  joinedAndLeft: number;
  upsellCustomers: number;
  upsellMrr: number;
  crossSellCustomers: number;
  crossSellMrr: number;
};

/**
 * Customers and MRR movements (domain §3) per period and group in one statement, in O(contracts) with
 * one sort: each company's MRR is a step function (running sum of contract starts and ends) whose steps
 * know their neighbours, so a step inside a period tells by itself whether it is the company's first
 * (its previous level is the start MRR) or last there (its level is the end MRR). Totals on a boundary
 * are running sums over the days; only companies with a step inside a period can move.
 * A day's MRR needs only contracts that end after the earliest measured day and start by the last.
 */
export async function contractKpiAggregates(db: Executor, query: KpiQuery): Promise<ContractKpiAggregates[]> {
  const { portalId, periods, cut } = query;
  const firstMeasured = periods.reduce((earliest, period) => (period.startDay < earliest ? period.startDay : earliest), periods[0]?.startDay ?? '');
  const lastMeasured = periods.reduce((latest, period) => (period.lastDay > latest ? period.lastDay : latest), '');
  const grouped = cut !== null;
  const groupOf = (alias: string) => (grouped ? sql.raw(`${alias}.group_key`) : sql`null::text`);
  const rows = await withKpiPlannerSettings(db, (executor) => queryRows(
    executor,
    sql`with periods as (${periodsValues(periods)}),
company_groups as (${companyGroups(portalId, cut)}),
relevant as (
  select company_id, mrr_minor, start_date, end_date from contracts
  where portal_id = ${portalId} and end_date > ${firstMeasured}::date and start_date <= ${lastMeasured}::date
),
deltas as (
  select company_id, day, sum(delta) as delta from (
    select company_id, start_date as day, mrr_minor as delta from relevant
    union all
    select company_id, end_date as day, -mrr_minor as delta from relevant
  ) moves group by company_id, day
),
levels as (
  select company_id, day, delta, (sum(delta) over company_days)::bigint as mrr,
    lag(day) over company_days as prev_day, lead(day) over company_days as next_day
  from deltas window company_days as (partition by company_id order by day rows between unbounded preceding and current row)
),
segments as (
  select l.company_id, ${groupOf('g')} as group_key, l.day, l.mrr, l.mrr - l.delta as prev_mrr, l.prev_day, l.next_day
  from levels l ${grouped ? sql`left join company_groups g on g.company_id = l.company_id` : sql``}
),
day_totals as (
  select group_key, day, sum(mrr - prev_mrr) as mrr_delta, sum((mrr > 0)::int - (prev_mrr > 0)::int) as customer_delta
  from segments group by group_key, day
),
group_keys as (select distinct group_key from day_totals),
marks as (
  select group_key, day, 0 as mark_order, mrr_delta, customer_delta, null::text as label, null::text as side from day_totals
  union all
  select k.group_key, p.start_day, 1, 0, 0, p.label, 'start' from periods p cross join group_keys k
  union all
  select k.group_key, p.last_day, 1, 0, 0, p.label, 'end' from periods p cross join group_keys k
),
running as (
  select label, side, group_key, sum(mrr_delta) over running_days as mrr, sum(customer_delta) over running_days as customers
  from marks window running_days as (partition by group_key order by day, mark_order rows between unbounded preceding and current row)
),
period_levels as (
  select label, group_key,
    max(customers) filter (where side = 'start') as customers_start, max(customers) filter (where side = 'end') as customers_end,
    max(mrr) filter (where side = 'start') as start_mrr, max(mrr) filter (where side = 'end') as end_mrr
  from running where label is not null group by label, group_key
),
period_days as (
  select p.label, p.start_day, p.last_day, d::date as day, d::date > p.start_day as in_change, d::date >= p.first_day as in_period
  from periods p cross join lateral generate_series(p.start_day::timestamp, p.last_day::timestamp, interval '1 day') d
),
changes as (
  select pd.label, s.group_key, s.company_id,
    sum(s.prev_mrr) filter (where s.prev_day is null or s.prev_day <= pd.start_day) as start_mrr,
    sum(s.mrr) filter (where s.next_day is null or s.next_day > pd.last_day) as end_mrr,
    bool_or(s.mrr > 0) as positive_inside
  from segments s join period_days pd on pd.day = s.day and pd.in_change
  group by pd.label, s.group_key, s.company_id
),
movements as (
  select label, group_key,
    count(*) filter (where start_mrr = 0 and end_mrr > 0) as new_customers,
    count(*) filter (where start_mrr > 0 and end_mrr = 0) as churned_customers,
    count(*) filter (where start_mrr = 0 and end_mrr = 0 and positive_inside) as joined_and_left,
    sum(end_mrr) filter (where start_mrr = 0) as new_mrr,
    sum(end_mrr - start_mrr) filter (where start_mrr > 0 and end_mrr > start_mrr) as expansion_mrr,
    sum(start_mrr - end_mrr) filter (where end_mrr > 0 and end_mrr < start_mrr) as contraction_mrr,
    sum(start_mrr) filter (where start_mrr > 0 and end_mrr = 0) as churned_mrr
  from changes group by label, group_key
),
expansion_deals as (
  select pd.label, s.group_key,
    count(distinct c.company_id) filter (where c.kind = 'upsell') as upsell_customers,
    sum(c.mrr_minor) filter (where c.kind = 'upsell') as upsell_mrr,
    count(distinct c.company_id) filter (where c.kind = 'cross_sell') as cross_sell_customers,
    sum(c.mrr_minor) filter (where c.kind = 'cross_sell') as cross_sell_mrr
  from contracts c
  join period_days pd on pd.day = c.close_date and pd.in_period
  join segments s on s.company_id = c.company_id and s.day <= pd.start_day and (s.next_day is null or s.next_day > pd.start_day) and s.mrr > 0
  where c.portal_id = ${portalId} and c.kind in ('upsell', 'cross_sell') and c.close_date between ${firstMeasured}::date and ${lastMeasured}::date
  group by pd.label, s.group_key
)
select l.label, l.group_key, l.customers_start, l.customers_end, l.start_mrr, l.end_mrr,
  m.new_customers, m.churned_customers, m.joined_and_left, m.new_mrr, m.expansion_mrr, m.contraction_mrr, m.churned_mrr,
  e.upsell_customers, e.upsell_mrr, e.cross_sell_customers, e.cross_sell_mrr
from period_levels l
left join movements m on ${sameGroup('m', 'l')}
left join expansion_deals e on ${sameGroup('e', 'l')}`,
    contractKpiRowSchema,
  ));
  return rows.map((row) => ({
    period: row.label,
    group: row.group_key,
    customersStart: row.customers_start,
    customersEnd: row.customers_end,
    newCustomers: row.new_customers,
    churnedCustomers: row.churned_customers,
    joinedAndLeft: row.joined_and_left,
    startMrr: row.start_mrr,
    newMrr: row.new_mrr,
    expansionMrr: row.expansion_mrr,
    contractionMrr: row.contraction_mrr,
    churnedMrr: row.churned_mrr,
    endMrr: row.end_mrr,
    upsellCustomers: row.upsell_customers,
    upsellMrr: row.upsell_mrr,
    crossSellCustomers: row.cross_sell_customers,
    crossSellMrr: row.cross_sell_mrr,
  }));
}
