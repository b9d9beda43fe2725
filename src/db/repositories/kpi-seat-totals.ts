import { sql, type SQL } from 'drizzle-orm';
import { addDays, firstDayOfMonth, lastDayOfMonth, monthOf } from '../../domain/time/calendar-date';
import type { KpiQueryPeriod } from './kpi-query-parts';
import { planSeatWindows, seatWindowUsers } from './kpi-seat-windows';

export type SeatRules = { coreProductId: string; windowDays: number };

type IndexedPeriod = { periodIndex: number; lastDay: string };
type SeatMonth = { periodIndex: number; month: string };

const column = <Item>(items: readonly Item[], pick: (item: Item) => string | number) =>
  `{${items.map(pick).join(',')}}`;

const seatMonthsUnnest = (seatMonths: readonly SeatMonth[]) =>
  sql`unnest(${column(seatMonths, (month) => month.periodIndex)}::int[], ${column(seatMonths, (month) => month.month)}::date[]) as w(period_index, month)`;

/**
 * `seat_totals(period_index, group_key, seat_active_users, seats)` and the CTEs it reads: over the companies with
 * seats of the core product on each period's last day, the users active in the seat window ending then, and those
 * seats. A company's seats are those of the contracts that state them; one whose seats sum to 0 is left out (a
 * running period's), as the domain's portfolio figure does.
 *
 * A period ending on a month's last day whose window counts that month's users from the monthly counts (every one
 * with a window of up to a month or two) joins the month's seats to the month's counts one month at a time: a
 * month's counts hash small enough to stay in the processor's cache, where all the months' counts (a million rows at
 * 100k companies) did not (bench/kpi-query.ts, 24 months at full scale: this statement took 3.3 to 3.7 s, 2.1 to 2.3 s since).
 * Other periods (a running one, a long window) join all their seats to all their users.
 */
export function seatTotals(
  portalId: number,
  periods: readonly KpiQueryPeriod[],
  rules: SeatRules,
  groupJoin: (alias: string) => SQL,
  groupKey: SQL,
): SQL {
  const indexed = periods.map((period, position) => ({ periodIndex: position + 1, lastDay: period.lastDay }));
  const windows = indexed.map((period) => ({
    periodIndex: period.periodIndex,
    firstDay: addDays(period.lastDay, 1 - rules.windowDays),
    lastDay: period.lastDay,
  }));
  const plan = planSeatWindows(windows);
  const seatMonthOf = (period: IndexedPeriod) => firstDayOfMonth(monthOf(period.lastDay));
  const byMonth = indexed.filter(
    (period) =>
      period.lastDay === lastDayOfMonth(monthOf(period.lastDay)) &&
      plan.monthCounts.some((count) => count.periodIndex === period.periodIndex && count.month === seatMonthOf(period)),
  );
  const seatMonths = byMonth.map((period) => ({ periodIndex: period.periodIndex, month: seatMonthOf(period) }));
  const others = indexed.filter((period) => !byMonth.includes(period));
  const othersPlan = {
    ...plan,
    monthCounts: plan.monthCounts.filter(
      (count) => !byMonth.some((period) => period.periodIndex === count.periodIndex),
    ),
  };
  const core = rules.coreProductId;
  const parts: SQL[] = [];
  if (seatMonths.length > 0) {
    parts.push(sql`select w.period_index, ${groupKey} as group_key, coalesce(x.users, 0) as users, x.seats
    from ${seatMonthsUnnest(seatMonths)}
    cross join lateral (
      select s.company_id, s.seats, c.users
      from company_seat_months s
      left join usage_monthly_active_user_counts c on c.portal_id = ${portalId} and c.month = w.month and c.company_id = s.company_id
      where s.portal_id = ${portalId} and s.product = ${core} and s.month = w.month
    ) x
    ${groupJoin('x')}`);
    // Each company's summed day terms, for the companies with seats that month (looked up in the seats' key).
    parts.push(sql`select d.period_index, ${groupKey} as group_key, d.users, 0 as seats
    from seat_window_terms d
    join ${seatMonthsUnnest(seatMonths)} on w.period_index = d.period_index
    ${groupJoin('d')}
    where exists (select from company_seat_months s
      where s.portal_id = ${portalId} and s.company_id = d.company_id and s.product = ${core} and s.month = w.month)`);
  }
  if (others.length > 0) {
    parts.push(sql`select s.period_index, ${groupKey} as group_key, coalesce(u.users, 0) + coalesce(d.users, 0) as users, s.seats
    from core_seats s
    left join seat_window_company_users u on u.period_index = s.period_index and u.company_id = s.company_id
    left join seat_window_terms d on d.period_index = s.period_index and d.company_id = s.company_id
    ${groupJoin('s')}`);
  }
  return sql`${coreSeats(portalId, others, core)},
${seatWindowUsers(portalId, othersPlan)},
seat_totals as (
  select period_index, group_key, sum(users) as seat_active_users, sum(seats) as seats
  from (${sql.join(parts, sql` union all `)}) seat_rows
  group by 1, 2
)`;
}

/**
 * `core_seats(period_index, company_id, seats)`: each company's seats of the core product on the last day of each
 * period not counted by month. A last day that ends a month reads the seats kept per month (company_seat_months);
 * another (a running period's today) sums the contracts active on it.
 */
function coreSeats(portalId: number, periods: readonly IndexedPeriod[], coreProductId: string): SQL {
  const monthEnds = periods.filter((period) => period.lastDay === lastDayOfMonth(monthOf(period.lastDay)));
  const others = periods.filter((period) => !monthEnds.includes(period));
  const sources: SQL[] = [];
  if (monthEnds.length > 0) {
    const months = monthEnds.map((period) => firstDayOfMonth(monthOf(period.lastDay))).sort();
    sources.push(sql`select w.period_index, s.company_id, s.seats
  from company_seat_months s
  join unnest(${column(monthEnds, (period) => period.periodIndex)}::int[], ${column(monthEnds, (period) => firstDayOfMonth(monthOf(period.lastDay)))}::date[])
    as w(period_index, month) on w.month = s.month
  where s.portal_id = ${portalId} and s.product = ${coreProductId} and s.month between ${months[0] ?? ''}::date and ${months.at(-1) ?? ''}::date`);
  }
  if (others.length > 0) {
    sources.push(sql`select w.period_index, c.company_id, sum(c.seats) as seats
  from contracts c
  join unnest(${column(others, (period) => period.periodIndex)}::int[], ${column(others, (period) => period.lastDay)}::date[])
    as w(period_index, last_day) on c.start_date <= w.last_day and c.end_date > w.last_day
  where c.portal_id = ${portalId} and c.product = ${coreProductId} and c.seats is not null
  group by 1, 2 having sum(c.seats) > 0`);
  }
  const none = sql`select null::int, null::text, null::int where false`;
  return sql`core_seats(period_index, company_id, seats) as (${sources.length === 0 ? none : sql.join(sources, sql` union all `)})`;
}
