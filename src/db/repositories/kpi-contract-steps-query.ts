import { sql, type SQL } from 'drizzle-orm';
import { companyMrrSource, type MrrSource } from './kpi-mrr-source';
import { companyGroups, movementColumns, periodsValues, sameGroup, type KpiQuery } from './kpi-query-parts';
import { rowsInWindows, stepWindows } from './kpi-step-windows';

/**
 * Customers and MRR movements (domain §3) per period and group in one statement, from the companies'
 * MRR steps (company_mrr_steps, kept with the contracts): only the steps in force on the first measured
 * day or starting by the last are read. A step inside a period knows its neighbours, so it tells by
 * itself whether it is the company's first there (its previous level is the start MRR) or last (its
 * level is the end MRR); only companies with a step inside a period can move. Totals on a boundary are
 * running sums over the days, from the levels in force on the first measured day. Any periods. `source` says
 * what a customer is (each company, or a group of companies).
 */
export function contractStepsQuery(query: KpiQuery, source: MrrSource = companyMrrSource): SQL {
  const { portalId, periods, cut } = query;
  const firstMeasured = periods.reduce(
    (earliest, period) => (period.startDay < earliest ? period.startDay : earliest),
    periods[0]?.startDay ?? '',
  );
  const lastMeasured = periods.reduce((latest, period) => (period.lastDay > latest ? period.lastDay : latest), '');
  const grouped = cut !== null;
  const groupJoin = (alias: string) =>
    grouped ? sql`left join company_groups g on g.company_id = ${sql.raw(alias)}.company_id` : sql``;
  const groupKey = grouped ? sql`g.group_key` : sql`null::text`;
  const { stepColumns, stepsInWindows } = stepWindows(periods);
  const periodWindows = periods.map((period, position) => ({
    periodIndex: position + 1,
    firstDay: period.firstDay,
    lastDay: period.lastDay,
  }));
  return sql`with periods as (${periodsValues(periods)}),
${source.ctes}
${grouped ? sql`company_groups as (${companyGroups(portalId, cut)}),` : sql``}
steps as (
  select s.company_id, ${groupKey} as group_key, s.day, s.mrr_minor as mrr, s.previous_mrr_minor as prev_mrr,
    s.previous_day as prev_day, s.next_day ${stepColumns}
  from ${source.steps} s ${groupJoin('s')}
  where s.portal_id = ${portalId} and s.day <= ${lastMeasured}::date and (s.next_day > ${firstMeasured}::date or s.next_day is null)
    -- A company whose contracts all ended before the range is in none of its groups.
    and (s.day > ${firstMeasured}::date or s.mrr_minor <> 0)
),
day_totals as (
  select group_key, greatest(day, ${firstMeasured}::date) as day,
    sum(case when day <= ${firstMeasured}::date then mrr else mrr - prev_mrr end) as mrr_delta,
    sum(case when day <= ${firstMeasured}::date then (mrr > 0)::int else (mrr > 0)::int - (prev_mrr > 0)::int end) as customer_delta
  from steps group by 1, 2
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
changes as (
  -- Most companies have one step in a window: it is their change. Only the others need grouping.
  select period_index, group_key, prev_mrr as start_mrr, mrr as end_mrr, mrr > 0 as positive_inside
  from (${stepsInWindows}) single where is_first and is_last
  union all
  select period_index, group_key, sum(prev_mrr) filter (where is_first), sum(mrr) filter (where is_last), bool_or(mrr > 0)
  from (${stepsInWindows}) several where not (is_first and is_last)
  group by period_index, group_key, company_id
),
movements as (
  select p.label, c.group_key,
    ${movementColumns}
  from changes c join periods p on p.period_index = c.period_index group by p.label, c.group_key
),
expansion_contracts as (
  select company_id, kind, mrr_minor, close_date from ${source.contracts}
  where portal_id = ${portalId} and kind in ('upsell', 'cross_sell') and close_date between ${firstMeasured}::date and ${lastMeasured}::date
),
expansion_deals as (
  select p.label, ${groupKey} as group_key,
    count(distinct c.company_id) filter (where c.kind = 'upsell') as upsell_customers,
    sum(c.mrr_minor) filter (where c.kind = 'upsell') as upsell_mrr,
    count(distinct c.company_id) filter (where c.kind = 'cross_sell') as cross_sell_customers,
    sum(c.mrr_minor) filter (where c.kind = 'cross_sell') as cross_sell_mrr
  from ${rowsInWindows(sql`expansion_contracts c`, periodWindows, sql`c.close_date`)}
  -- A customer on the day S is measured: the company's step in force then has MRR.
  join lateral (
    select l.mrr_minor from ${source.steps} l where l.portal_id = ${portalId} and l.company_id = c.company_id and l.day <= p.start_day
    order by l.day desc limit 1
  ) level on level.mrr_minor > 0
  ${groupJoin('c')}
  group by 1, 2
)
select l.label, l.group_key, l.customers_start, l.customers_end, l.start_mrr, l.end_mrr,
  m.new_customers, m.churned_customers, m.joined_and_left, m.new_mrr, m.expansion_mrr, m.contraction_mrr, m.churned_mrr,
  e.upsell_customers, e.upsell_mrr, e.cross_sell_customers, e.cross_sell_mrr
from period_levels l
left join movements m on ${sameGroup('m', 'l')}
left join expansion_deals e on ${sameGroup('e', 'l')}`;
}
