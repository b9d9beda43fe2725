import { sql, type SQL } from 'drizzle-orm';
import {
  addCalendarMonths,
  addDays,
  daysBetween,
  firstDayOfMonth,
  lastDayOfMonth,
  monthOf,
} from '../../domain/time/calendar-date';

/** A run of days that belongs to one period; `periodIndex` is the period's position in the query, from 1. */
export type DayWindow = { periodIndex: number; firstDay: string; lastDay: string };

/**
 * `(period_index, day)` for every day of every window, from two array parameters. The planner then knows
 * the row count: a generate_series per period is guessed at 1000 rows, and a million-row table ends up
 * hashed instead of the few hundred days.
 */
export function windowDays(windows: readonly DayWindow[]): SQL {
  const indexes: number[] = [];
  const days: string[] = [];
  for (const window of windows) {
    for (let day = window.firstDay; day <= window.lastDay; day = addDays(day, 1)) {
      indexes.push(window.periodIndex);
      days.push(day);
    }
  }
  return sql`select * from unnest(${`{${indexes.join(',')}}`}::int[], ${`{${days.join(',')}}`}::date[]) as w(period_index, day)`;
}

/** The first and last day of a set of windows ('' for none). */
export function daysSpanned(windows: readonly { firstDay: string; lastDay: string }[]): {
  first: string;
  last: string;
} {
  return {
    first: windows.reduce(
      (earliest, window) => (window.firstDay < earliest ? window.firstDay : earliest),
      windows[0]?.firstDay ?? '',
    ),
    last: windows.reduce((latest, window) => (window.lastDay > latest ? window.lastDay : latest), ''),
  };
}

/**
 * When no day lies in two windows: the period index of a day column as an array subscript (null outside
 * every window), so a large table maps its rows to periods without a join. Null when windows overlap.
 */
export function dayToPeriodLookup(windows: readonly DayWindow[]): ((day: SQL) => SQL) | null {
  const { first, last } = daysSpanned(windows);
  if (first === '') return null;
  // 0 marks a day outside every window: an array without nulls is indexed directly, one with nulls is walked.
  const slots: number[] = Array.from({ length: daysBetween(first, last) + 1 }, () => 0);
  for (const window of windows) {
    for (let offset = daysBetween(first, window.firstDay); offset <= daysBetween(first, window.lastDay); offset += 1) {
      if (slots[offset] !== 0) return null;
      slots[offset] = window.periodIndex;
    }
  }
  const lookup = `{${slots.join(',')}}`;
  return (day) => sql`nullif((${lookup}::int[])[${day} - ${first}::date + 1], 0)`;
}

/** A window that is one whole calendar month, which the monthly tables answer. */
export function isWholeMonth(window: DayWindow): boolean {
  const month = monthOf(window.firstDay);
  return window.firstDay === firstDayOfMonth(month) && window.lastDay === lastDayOfMonth(month);
}

/**
 * `(period_index, month)` for windows that are each one whole calendar month (the first day of the month
 * as a date, as the monthly tables key it); the caller picks them with `isWholeMonth`.
 */
export function windowMonths(windows: readonly DayWindow[]): SQL {
  const partial = windows.find((window) => !isWholeMonth(window));
  if (partial !== undefined) throw new RangeError(`${partial.firstDay} to ${partial.lastDay} is not a whole month`);
  const indexes = windows.map((window) => window.periodIndex).join(',');
  const months = windows.map((window) => window.firstDay).join(',');
  return sql`select * from unnest(${`{${indexes}}`}::int[], ${`{${months}}`}::date[]) as w(period_index, month)`;
}

type MonthSpan = { periodIndex: number; month: string; firstDay: string; lastDay: string };

/**
 * Splits windows by what the monthly active users (with each user's first and last active day of the month)
 * can answer. A user was active in a window that spans months or touches a month's first or last day iff one
 * of their rows in the window's months has first_day <= the window's last day and last_day >= its first day; in
 * a month the window covers whole, every row of the month. A window inside one month that touches neither edge is
 * left in `dailyWindows`.
 */
function splitByMonthEdges(windows: readonly DayWindow[]): {
  wholeMonths: MonthSpan[];
  edgeMonths: MonthSpan[];
  dailyWindows: DayWindow[];
} {
  const wholeMonths: MonthSpan[] = [];
  const edgeMonths: MonthSpan[] = [];
  const dailyWindows: DayWindow[] = [];
  for (const window of windows) {
    const firstMonth = monthOf(window.firstDay);
    const lastMonth = monthOf(window.lastDay);
    const touchesEdge =
      firstMonth !== lastMonth ||
      window.firstDay === firstDayOfMonth(firstMonth) ||
      window.lastDay === lastDayOfMonth(lastMonth);
    if (!touchesEdge) {
      dailyWindows.push(window);
      continue;
    }
    for (let month = firstMonth; month <= lastMonth; month = addCalendarMonths(month, 1)) {
      const whole = window.firstDay <= firstDayOfMonth(month) && window.lastDay >= lastDayOfMonth(month);
      (whole ? wholeMonths : edgeMonths).push({ ...window, month: firstDayOfMonth(month) });
    }
  }
  return { wholeMonths, edgeMonths, dailyWindows };
}

const monthSpansUnnest = (spans: readonly MonthSpan[]) => {
  const column = (pick: (span: MonthSpan) => string | number) => `{${spans.map(pick).join(',')}}`;
  return sql`unnest(${column((span) => span.periodIndex)}::int[], ${column((span) => span.month)}::date[],
    ${column((span) => span.firstDay)}::date[], ${column((span) => span.lastDay)}::date[]) as w(period_index, month, first_day, last_day)`;
};

/**
 * `(period_index, company_id, users)`: one row per window and company with the company's distinct users active in
 * the window, by grouping the monthly active users of the months a window spans or touches at an edge (one row per
 * user and month, where the daily rows hold one per active day), and the daily active users of a window inside one
 * month touching neither edge. The months a window covers whole take every row, with no day filter: under one, the
 * planner guessed a month at a tenth of its rows and read twelve months through the index one row at a time
 * (bench/kpi-query.ts, trailing twelve months at full scale: 15 s).
 */
export function windowCompanyUsers(portalId: number, windows: readonly DayWindow[]): SQL {
  const { wholeMonths, edgeMonths, dailyWindows } = splitByMonthEdges(windows);
  const rows: SQL[] = [];
  if (wholeMonths.length > 0) {
    rows.push(sql`select w.period_index, m.company_id, m.user_id
    from usage_monthly_active_users m join ${monthSpansUnnest(wholeMonths)} on w.month = m.month
    where m.portal_id = ${portalId}`);
  }
  if (edgeMonths.length > 0) {
    rows.push(sql`select w.period_index, m.company_id, m.user_id
    from usage_monthly_active_users m join ${monthSpansUnnest(edgeMonths)} on w.month = m.month
    where m.portal_id = ${portalId} and m.first_day <= w.last_day and m.last_day >= w.first_day`);
  }
  if (dailyWindows.length > 0) {
    const { first, last } = daysSpanned(dailyWindows);
    rows.push(sql`select w.period_index, a.company_id, a.user_id
    from usage_daily_active_users a join (${windowDays(dailyWindows)}) w on w.day = a.day
    where a.portal_id = ${portalId} and a.day between ${first}::date and ${last}::date`);
  }
  // Distinct users by grouping, not count(distinct): that sorts by company id in the database's collation.
  return sql`select period_index, company_id, count(*) as users
    from (select period_index, company_id, user_id from (${sql.join(rows, sql` union all `)}) rows group by 1, 2, 3) users
    group by 1, 2`;
}
