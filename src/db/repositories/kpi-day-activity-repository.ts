import { sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { addDays, firstDayOfMonth, lastDayOfMonth, monthOf } from '../../domain/time/calendar-date';
import type { Executor } from '../client';
import { daysSpanned, windowDays } from './kpi-day-windows';
import { seatTotals, type SeatRules } from './kpi-seat-totals';
import {
  companyGroups,
  groupKeyColumn,
  periodsValues,
  sameGroup,
  withKpiPlannerSettings,
  type KpiQuery,
  type KpiQueryPeriod,
} from './kpi-query-parts';
import { integerColumn, queryRows } from './query-rows';

/** Users active on each period's last day and in the week ending on it, and seat utilization on it (domain §3). */
export type DayActivityKpiAggregates = {
  period: string;
  group: string | null;
  dailyActiveUsers: number;
  weeklyActiveUsers: number;
  /** Over the companies with core seats on the last day: their users active in the seat window, and those seats. */
  seatActiveUsers: number;
  seats: number;
};

const dayActivityRowSchema = z.object({
  label: z.string(),
  group_key: groupKeyColumn,
  daily_active_users: integerColumn,
  weekly_active_users: integerColumn,
  seat_active_users: integerColumn,
  seats: integerColumn,
});

/**
 * From ingestion's daily active users (dated in the portal's time zone) and the contracts: DAU, WAU (the 7
 * days ending on the last day) and, per company with seats of the core product on its active contracts, the
 * users active in the seat window ending on the last day. A company's seats are those of the contracts that
 * state them; a company whose seats sum to 0 is left out, as the domain's portfolio figure does.
 */
export async function dayActivityKpiAggregates(
  db: Executor,
  query: KpiQuery,
  seatRules: SeatRules,
): Promise<DayActivityKpiAggregates[]> {
  const { portalId, periods, cut } = query;
  const grouped = cut !== null;
  const groupJoin = (alias: string) =>
    grouped ? sql`left join (${companyGroups(portalId, cut)}) g on g.company_id = ${sql.raw(alias)}.company_id` : sql``;
  const groupKey = grouped ? sql`g.group_key` : sql`null::text`;
  const rows = await withKpiPlannerSettings(db, async (executor) => {
    // The core seats' row count is guessed from generate_series at a thousand per contract, and the planner
    // then sorts every company's users by company id in the database's collation to merge them.
    await executor.execute(sql`select set_config('enable_mergejoin', 'off', true)`);
    return queryRows(
      executor,
      sql`with periods as (${periodsValues(periods)}),
${weekCounts(portalId, periods, groupJoin, groupKey)},
${seatTotals(portalId, periods, seatRules, groupJoin, groupKey)},
labelled_seat_totals as (
  select p.label, t.group_key, t.seat_active_users, t.seats from seat_totals t join periods p on p.period_index = t.period_index
),
keys as (select label, group_key from week_counts union select label, group_key from labelled_seat_totals)
select k.label, k.group_key, w.daily_active_users, w.weekly_active_users, s.seat_active_users, s.seats
from keys k
left join week_counts w on ${sameGroup('w', 'k')}
left join labelled_seat_totals s on ${sameGroup('s', 'k')}`,
      dayActivityRowSchema,
    );
  });
  return rows.map((row) => ({
    period: row.label,
    group: row.group_key,
    dailyActiveUsers: row.daily_active_users,
    weeklyActiveUsers: row.weekly_active_users,
    seatActiveUsers: row.seat_active_users,
    seats: row.seats,
  }));
}

/**
 * `week_counts(label, group_key, daily_active_users, weekly_active_users)`. A period ending on a month's last
 * day reads the monthly active users: the 7 days ending then lie in that month, so a user was active in them
 * iff the user's last active day of the month is one of them (on the last day itself for DAU), and each
 * (company, user) is one row there, with nothing to group. Other periods (a running one) group the daily rows.
 */
function weekCounts(
  portalId: number,
  periods: readonly KpiQueryPeriod[],
  groupJoin: (alias: string) => SQL,
  groupKey: SQL,
): SQL {
  const indexed = periods.map((period, position) => ({ periodIndex: position + 1, lastDay: period.lastDay }));
  const monthEnds = indexed.filter((period) => period.lastDay === lastDayOfMonth(monthOf(period.lastDay)));
  const others = indexed.filter((period) => !monthEnds.includes(period));
  const sources: SQL[] = [];
  if (monthEnds.length > 0) {
    const column = (pick: (period: (typeof monthEnds)[number]) => string | number) =>
      `{${monthEnds.map(pick).join(',')}}`;
    sources.push(sql`select w.period_index, ${groupKey} as group_key, count(*) filter (where m.last_day = w.last_day) as daily_active_users, count(*) as weekly_active_users
  from usage_monthly_active_users m
  join unnest(${column((period) => period.periodIndex)}::int[], ${column((period) => firstDayOfMonth(monthOf(period.lastDay)))}::date[], ${column((period) => period.lastDay)}::date[])
    as w(period_index, month, last_day) on w.month = m.month
  ${groupJoin('m')}
  where m.portal_id = ${portalId} and m.last_day >= w.last_day - 6
  group by 1, 2`);
  }
  if (others.length > 0) {
    const weekWindows = others.map((period) => ({
      periodIndex: period.periodIndex,
      firstDay: addDays(period.lastDay, -6),
      lastDay: period.lastDay,
    }));
    const { first: firstDay, last: lastDay } = daysSpanned(weekWindows);
    sources.push(sql`select u.period_index, ${groupKey} as group_key, count(*) filter (where u.on_last_day) as daily_active_users, count(*) as weekly_active_users
  from (
    select w.period_index, a.company_id, a.user_id, bool_or(a.day = p.last_day) as on_last_day
    from usage_daily_active_users a join (${windowDays(weekWindows)}) w on w.day = a.day join periods p on p.period_index = w.period_index
    where a.portal_id = ${portalId} and a.day between ${firstDay}::date and ${lastDay}::date
    group by 1, 2, 3
  ) u ${groupJoin('u')}
  group by 1, 2`);
  }
  return sql`week_counts as (
  select p.label, c.group_key, c.daily_active_users, c.weekly_active_users
  from (${sql.join(sources, sql` union all `)}) c join periods p on p.period_index = c.period_index
)`;
}
