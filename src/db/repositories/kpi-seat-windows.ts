import { sql, type SQL } from 'drizzle-orm';
import {
  addCalendarMonths,
  addDays,
  daysBetween,
  firstDayOfMonth,
  lastDayOfMonth,
  monthOf,
} from '../../domain/time/calendar-date';
import { windowCompanyUsers, type DayWindow } from './kpi-day-windows';

/**
 * Daily active user rows on the days `firstDay..lastDay` that each stand for one user: the row on the user's
 * first (or last) active day of `month`, counted with `sign`; with `unlessMonth`, not when the user's first
 * active day of that month is on or before `unlessBy`.
 */
type DayTerm = {
  periodIndex: number;
  firstDay: string;
  lastDay: string;
  month: string;
  edge: 'first' | 'last';
  sign: 1 | -1;
  unless: { month: string; by: string } | null;
};

/** How each seat window's distinct users are counted; the terms of one window add up to its users per company. */
export type SeatWindowPlan = {
  /** The users of a whole calendar month, from the monthly counts. */
  monthCounts: { periodIndex: number; month: string }[];
  dayTerms: DayTerm[];
  /** Windows counted by grouping users: over three months or more, over two ending inside the later one, or inside one month touching neither edge. */
  groupedWindows: DayWindow[];
};

/**
 * The users active in `firstDay..lastDay` of one month, where the range starts on the month's first day or
 * ends on its last: the month's count, minus or plus the users whose first (last) active day falls outside
 * (inside) the range, whichever reads fewer days.
 */
function partOfMonth(periodIndex: number, firstDay: string, lastDay: string, plan: SeatWindowPlan): boolean {
  const month = firstDayOfMonth(monthOf(firstDay));
  const last = lastDayOfMonth(monthOf(firstDay));
  const term = (from: string, to: string, edge: 'first' | 'last', sign: 1 | -1): DayTerm => ({
    periodIndex,
    firstDay: from,
    lastDay: to,
    month,
    edge,
    sign,
    unless: null,
  });
  if (firstDay === month && lastDay === last) {
    plan.monthCounts.push({ periodIndex, month });
  } else if (lastDay === last) {
    // Active in the range iff the last active day of the month is in it.
    const inside = daysBetween(firstDay, lastDay) + 1;
    if (daysBetween(month, firstDay) < inside) {
      plan.monthCounts.push({ periodIndex, month });
      plan.dayTerms.push(term(month, addDays(firstDay, -1), 'last', -1));
    } else {
      plan.dayTerms.push(term(firstDay, lastDay, 'last', 1));
    }
  } else if (firstDay === month) {
    const inside = daysBetween(firstDay, lastDay) + 1;
    // Active in the range iff the first active day of the month is in it.
    if (daysBetween(lastDay, last) < inside) {
      plan.monthCounts.push({ periodIndex, month });
      plan.dayTerms.push(term(addDays(lastDay, 1), last, 'first', -1));
    } else {
      plan.dayTerms.push(term(firstDay, lastDay, 'first', 1));
    }
  } else {
    return false;
  }
  return true;
}

export function planSeatWindows(windows: readonly DayWindow[]): SeatWindowPlan {
  const plan: SeatWindowPlan = { monthCounts: [], dayTerms: [], groupedWindows: [] };
  for (const window of windows) {
    const firstMonth = monthOf(window.firstDay);
    const lastMonth = monthOf(window.lastDay);
    if (firstMonth === lastMonth) {
      if (!partOfMonth(window.periodIndex, window.firstDay, window.lastDay, plan)) plan.groupedWindows.push(window);
    } else if (addCalendarMonths(firstMonth, 1) === lastMonth && window.lastDay === lastDayOfMonth(lastMonth)) {
      // The users active in the later month's part, plus those active in the earlier month's part but not in the later one's.
      // Only for windows ending on a month's last day: for one ending inside its month (a running period's), each
      // user of the earlier part would be looked up in the later month one by one; grouping is faster there
      // (bench/kpi-query.ts, the running month at full scale: 1.1 to 1.7 s against 1.9 to 2.0 s, alternated).
      partOfMonth(window.periodIndex, firstDayOfMonth(lastMonth), window.lastDay, plan);
      plan.dayTerms.push({
        periodIndex: window.periodIndex,
        firstDay: window.firstDay,
        lastDay: lastDayOfMonth(firstMonth),
        month: firstDayOfMonth(firstMonth),
        edge: 'last',
        sign: 1,
        unless: { month: firstDayOfMonth(lastMonth), by: window.lastDay },
      });
    } else {
      plan.groupedWindows.push(window);
    }
  }
  return plan;
}

const arrayLiteral = (values: readonly (string | number | boolean | null)[]) =>
  `{${values.map((value) => (value === null ? 'NULL' : String(value))).join(',')}}`;

/**
 * Two CTEs whose sum per period and company is the company's distinct users active in the period's seat
 * window. `seat_window_company_users(period_index, company_id, users)` has at most one row per period and
 * company (a month's count, or the users of a window counted by grouping), so it joins each company's seats
 * without a grouping step; `seat_window_terms(period_index, company_id, users)` sums, per period and company, the
 * daily rows of a few days that each stand for one user through the user's first or last active day of the month
 * (monthly active users), counted with their sign.
 */
export function seatWindowUsers(portalId: number, plan: SeatWindowPlan): SQL {
  const companyUsers: SQL[] = [];
  if (plan.monthCounts.length > 0) {
    companyUsers.push(sql`select w.period_index, c.company_id, c.users
    from usage_monthly_active_user_counts c
    join unnest(${arrayLiteral(plan.monthCounts.map((count) => count.periodIndex))}::int[], ${arrayLiteral(plan.monthCounts.map((count) => count.month))}::date[]) as w(period_index, month)
      on w.month = c.month
    where c.portal_id = ${portalId}`);
  }
  // A window is either a month's count (with day terms) or grouped, never both: the rows stay one per company.
  if (plan.groupedWindows.length > 0) companyUsers.push(windowCompanyUsers(portalId, plan.groupedWindows));
  const terms = (dayTerms: readonly DayTerm[]) => {
    const column = (pick: (term: DayTerm) => string | number | null) => arrayLiteral(dayTerms.map(pick));
    return sql`unnest(${column((term) => term.periodIndex)}::int[], ${column((term) => term.month)}::date[],
    ${column((term) => term.firstDay)}::date[], ${column((term) => term.lastDay)}::date[], ${column((term) => term.sign)}::int[],
    ${column((term) => term.unless?.month ?? null)}::date[], ${column((term) => term.unless?.by ?? null)}::date[])
    as w(period_index, month, first_day, last_day, sign, unless_month, unless_by)`;
  };
  const unless = (alias: string) =>
    sql.raw(`(w.unless_month is null or not exists (
        select from usage_monthly_active_users n
        where n.portal_id = ${alias}.portal_id and n.company_id = ${alias}.company_id and n.month = w.unless_month
          and n.user_id = ${alias}.user_id and n.first_day <= w.unless_by))`);
  const dayTerms: SQL[] = [];
  // Each term's users are the month's rows whose last (first) active day lies in its days: a range of the
  // month's last days in the index on them; first-day terms (a running period) read the month's rows. Terms
  // without an "unless" read only the index (the user id it lacks is needed only to look for the later month).
  const groups = [
    { edge: 'last', unless: false },
    { edge: 'last', unless: true },
    { edge: 'first', unless: false },
    { edge: 'first', unless: true },
  ] as const;
  for (const group of groups) {
    const selected = plan.dayTerms.filter(
      (term) => term.edge === group.edge && (term.unless !== null) === group.unless,
    );
    if (selected.length === 0) continue;
    const edgeDay = sql.raw(group.edge === 'last' ? 'm.last_day' : 'm.first_day');
    dayTerms.push(sql`select w.period_index, m.company_id, w.sign
    from ${terms(selected)}
    join usage_monthly_active_users m on m.portal_id = ${portalId} and m.month = w.month and ${edgeDay} between w.first_day and w.last_day
    ${group.unless ? sql`where ${unless('m')}` : sql``}`);
  }
  const none = sql`select null::int, null::text, null::bigint where false`;
  const union = (sources: SQL[]) => (sources.length > 0 ? sql.join(sources, sql` union all `) : none);
  // Materialized: inlined, the planner joins the terms to the seats first and hashes every monthly active user.
  return sql`seat_window_company_users as (
  select * from (${union(companyUsers)}) users(period_index, company_id, users)
),
seat_window_terms as materialized (
  select period_index, company_id, sum(users) as users
  from (${union(dayTerms)}) terms(period_index, company_id, users)
  group by 1, 2
)`;
}
