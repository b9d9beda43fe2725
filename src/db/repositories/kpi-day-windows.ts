import { sql, type SQL } from 'drizzle-orm';
import { addDays, daysBetween, firstDayOfMonth, lastDayOfMonth, monthOf } from '../../domain/time/calendar-date';

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

/**
 * When no day lies in two windows: the period index of a day column as an array subscript (null outside
 * every window), so a large table maps its rows to periods without a join. Null when windows overlap.
 */
export function dayToPeriodLookup(windows: readonly DayWindow[]): ((day: SQL) => SQL) | null {
  const first = windows.reduce((earliest, window) => (window.firstDay < earliest ? window.firstDay : earliest), windows[0]?.firstDay ?? '');
  const last = windows.reduce((latest, window) => (window.lastDay > latest ? window.lastDay : latest), '');
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

/**
 * `(period_index, month)` for windows that are each one whole calendar month (the first day of the month
 * as a date, as the monthly tables key it); null when any window is not.
 */
export function windowMonths(windows: readonly DayWindow[]): SQL | null {
  const whole = windows.every((window) => {
    const month = monthOf(window.firstDay);
    return window.firstDay === firstDayOfMonth(month) && window.lastDay === lastDayOfMonth(month);
  });
  if (!whole || windows.length === 0) return null;
  const indexes = windows.map((window) => window.periodIndex).join(',');
  const months = windows.map((window) => window.firstDay).join(',');
  return sql`select * from unnest(${`{${indexes}}`}::int[], ${`{${months}}`}::date[]) as w(period_index, month)`;
}
