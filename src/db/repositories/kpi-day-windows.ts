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

/**
 * Splits windows by what the monthly active users (with each user's first and last active day of the month)
 * can answer. A user was active in a window that spans months or touches a month's first or last day iff one
 * of their rows in the window's months has first_day <= the window's last day and last_day >= its first day.
 * `monthSpans` is `(period_index, month, first_day, last_day)` for each month such a window covers (null when
 * none does); a window inside one month that touches neither edge is left in `dailyWindows`.
 */
export function splitByMonthEdges(windows: readonly DayWindow[]): {
  monthSpans: SQL | null;
  dailyWindows: DayWindow[];
} {
  const spans: { periodIndex: number; month: string; firstDay: string; lastDay: string }[] = [];
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
      spans.push({
        periodIndex: window.periodIndex,
        month: firstDayOfMonth(month),
        firstDay: window.firstDay,
        lastDay: window.lastDay,
      });
    }
  }
  if (spans.length === 0) return { monthSpans: null, dailyWindows };
  const column = (pick: (span: (typeof spans)[number]) => string | number) => `{${spans.map(pick).join(',')}}`;
  const monthSpans = sql`select * from unnest(${column((span) => span.periodIndex)}::int[], ${column((span) => span.month)}::date[],
    ${column((span) => span.firstDay)}::date[], ${column((span) => span.lastDay)}::date[]) as w(period_index, month, first_day, last_day)`;
  return { monthSpans, dailyWindows };
}
