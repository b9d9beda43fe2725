import { sql, type SQL } from 'drizzle-orm';
import { addDays, firstDayOfMonth, lastDayOfMonth, monthOf } from '../../domain/time/calendar-date';
import { dayToPeriodLookup } from './kpi-day-windows';
import { companyGroups, movementColumns, periodsValues, type KpiQuery, type KpiQueryPeriod } from './kpi-query-parts';

/** Whether the periods are consecutive calendar months. */
function consecutiveMonths(periods: readonly KpiQueryPeriod[]): boolean {
  return periods.every((period, position) => {
    const month = monthOf(period.firstDay);
    const previous = periods[position - 1];
    return (
      period.firstDay === firstDayOfMonth(month) &&
      period.lastDay === lastDayOfMonth(month) &&
      (previous === undefined || addDays(previous.lastDay, 1) === period.firstDay)
    );
  });
}

/**
 * Customers and MRR movements (domain §3) per month and group from the company months (company_monthly_mrr),
 * or null when the periods are not consecutive calendar months. A company's row of a month holds its MRR
 * on S (the first day, or the day before) and on E, so it is its change in that month by itself; months
 * without a row change nothing. Totals on S and E are running sums from the MRR in force before the first
 * month, month by month: E = S + the month's changes, and the next S = E + the next first day's changes.
 */
export function contractMonthsQuery(query: KpiQuery): SQL | null {
  const { portalId, periods, cut } = query;
  const first = periods[0];
  const last = periods[periods.length - 1];
  if (first === undefined || last === undefined || !consecutiveMonths(periods)) return null;
  // S on every first day, or on every day before it.
  const startOnFirstDay = periods.every((period) => period.startDay === period.firstDay);
  if (!startOnFirstDay && periods.some((period) => period.startDay !== addDays(period.firstDay, -1))) return null;
  const monthPeriod = dayToPeriodLookup(
    periods.map((period, position) => ({
      periodIndex: position + 1,
      firstDay: period.firstDay,
      lastDay: period.firstDay,
    })),
  );
  if (monthPeriod === null) return null;
  const grouped = cut !== null;
  // Inlined rather than a shared CTE, so each join is planned with the companies' row count.
  const groupJoin = (alias: string) =>
    grouped ? sql`left join (${companyGroups(portalId, cut)}) g on g.company_id = ${sql.raw(alias)}.company_id` : sql``;
  const groupKey = grouped ? sql`g.group_key` : sql`null::text`;
  return sql`with periods as (${periodsValues(periods)}),
company_months as (
  select ${monthPeriod(sql`m.month`)} as period_index, ${groupKey} as group_key, m.mrr_before, m.mrr_last_day as end_mrr,
    ${sql.raw(startOnFirstDay ? 'm.mrr_first_day' : 'm.mrr_before')} as start_mrr,
    -- Joined and left: positive on a day of the period after S (with S on the day before, the first day too).
    ${startOnFirstDay ? sql`m.positive_step_after_first_day` : sql`m.positive_step_after_first_day or m.mrr_first_day > 0`} as positive_inside,
    m.upsell_contracts, m.upsell_mrr_minor, m.cross_sell_contracts, m.cross_sell_mrr_minor,
    -- The company's first row from the first month on: its MRR before is the company's MRR before the range.
    m.previous_month is null or m.previous_month < ${first.firstDay}::date as first_in_range
  from company_monthly_mrr m ${groupJoin('m')}
  where m.portal_id = ${portalId} and m.month >= ${first.firstDay}::date
    and (m.month <= ${last.firstDay}::date or m.previous_month is null or m.previous_month < ${first.firstDay}::date)
),
months as (
  select period_index, group_key,
    sum(mrr_before) filter (where first_in_range) as base_mrr, count(*) filter (where first_in_range and mrr_before > 0) as base_customers,
    count(*) filter (where first_in_range and mrr_before <> 0) as base_companies,
    sum(start_mrr - mrr_before) as gap_mrr, sum((start_mrr > 0)::int - (mrr_before > 0)::int) as gap_customers,
    sum(end_mrr - start_mrr) as change_mrr, sum((end_mrr > 0)::int - (start_mrr > 0)::int) as change_customers,
    ${movementColumns},
    count(*) filter (where upsell_contracts > 0 and start_mrr > 0) as upsell_customers,
    sum(upsell_mrr_minor) filter (where upsell_contracts > 0 and start_mrr > 0) as upsell_mrr,
    count(*) filter (where cross_sell_contracts > 0 and start_mrr > 0) as cross_sell_customers,
    sum(cross_sell_mrr_minor) filter (where cross_sell_contracts > 0 and start_mrr > 0) as cross_sell_mrr
  from company_months group by 1, 2
),
-- Rows after the last month (no period) only count for the MRR before the range.
before_range as (
  select group_key, sum(base_mrr) as mrr, sum(base_customers) as customers, sum(base_companies) as companies from months group by group_key
),
group_keys as (select group_key from before_range where companies > 0 union select group_key from months where period_index is not null),
grid as (
  select p.label, p.period_index, k.group_key, coalesce(b.mrr, 0) as base_mrr, coalesce(b.customers, 0) as base_customers,
    coalesce(m.gap_mrr, 0) + coalesce(m.change_mrr, 0) as month_mrr, coalesce(m.change_mrr, 0) as change_mrr,
    coalesce(m.gap_customers, 0) + coalesce(m.change_customers, 0) as month_customers, coalesce(m.change_customers, 0) as change_customers,
    m.new_customers, m.churned_customers, m.joined_and_left, m.new_mrr, m.expansion_mrr, m.contraction_mrr, m.churned_mrr,
    m.upsell_customers, m.upsell_mrr, m.cross_sell_customers, m.cross_sell_mrr
  from group_keys k cross join periods p
  left join before_range b on coalesce(b.group_key, chr(1)) = coalesce(k.group_key, chr(1))
  left join months m on m.period_index = p.period_index and coalesce(m.group_key, chr(1)) = coalesce(k.group_key, chr(1))
)
select label, group_key,
  base_customers + sum(month_customers) over months_so_far - change_customers as customers_start,
  base_customers + sum(month_customers) over months_so_far as customers_end,
  base_mrr + sum(month_mrr) over months_so_far - change_mrr as start_mrr,
  base_mrr + sum(month_mrr) over months_so_far as end_mrr,
  new_customers, churned_customers, joined_and_left, new_mrr, expansion_mrr, contraction_mrr, churned_mrr,
  upsell_customers, upsell_mrr, cross_sell_customers, cross_sell_mrr
from grid window months_so_far as (partition by group_key order by period_index rows between unbounded preceding and current row)`;
}
