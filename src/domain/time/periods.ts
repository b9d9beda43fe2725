import { z } from 'zod';
import {
  addCalendarMonths,
  addDays,
  calendarDateSchema,
  calendarMonthSchema,
  firstDayOfMonth,
  isDateWithin,
  lastDayOfMonth,
  type CalendarDate,
  type CalendarMonth,
} from './calendar-date';

export const periodKindSchema = z.enum(['month', 'quarter', 'year', 'trailing-twelve-months']);
export type PeriodKind = z.infer<typeof periodKindSchema>;

/** A reporting period: whole calendar days in the portal's time zone, both ends inclusive. */
export const periodSchema = z
  .object({
    kind: periodKindSchema,
    label: z.string().min(1),
    firstDay: calendarDateSchema,
    lastDay: calendarDateSchema,
  })
  .refine((period) => period.firstDay <= period.lastDay, 'firstDay must not be after lastDay');

export type Period = z.infer<typeof periodSchema>;

function spanningMonths(kind: PeriodKind, label: string, firstMonth: CalendarMonth, lastMonth: CalendarMonth): Period {
  return { kind, label, firstDay: firstDayOfMonth(firstMonth), lastDay: lastDayOfMonth(lastMonth) };
}

function monthNumber(month: CalendarMonth): number {
  return Number(month.slice(5, 7));
}

function yearOf(month: CalendarMonth): number {
  return Number(month.slice(0, 4));
}

function monthKey(year: number, month: number): CalendarMonth {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
}

export function monthPeriod(month: CalendarMonth): Period {
  return spanningMonths('month', month, month, month);
}

export function quarterPeriod(year: number, quarter: 1 | 2 | 3 | 4): Period {
  const firstMonth = monthKey(year, (quarter - 1) * 3 + 1);
  return spanningMonths('quarter', `${year}-Q${quarter}`, firstMonth, addCalendarMonths(firstMonth, 2));
}

export function yearPeriod(year: number): Period {
  return spanningMonths('year', String(year), monthKey(year, 1), monthKey(year, 12));
}

/** The twelve calendar months ending with `lastMonth` (year-over-year NRR, seed 002). */
export function trailingTwelveMonthsPeriod(lastMonth: CalendarMonth): Period {
  return spanningMonths('trailing-twelve-months', `T12M-${lastMonth}`, addCalendarMonths(lastMonth, -11), lastMonth);
}

function quarterOf(month: CalendarMonth): 1 | 2 | 3 | 4 {
  return (Math.floor((monthNumber(month) - 1) / 3) + 1) as 1 | 2 | 3 | 4;
}

function periodForMonth(kind: PeriodKind, month: CalendarMonth): Period {
  switch (kind) {
    case 'month':
      return monthPeriod(month);
    case 'quarter':
      return quarterPeriod(yearOf(month), quarterOf(month));
    case 'year':
      return yearPeriod(yearOf(month));
    case 'trailing-twelve-months':
      return trailingTwelveMonthsPeriod(month);
  }
}

/**
 * The periods of one kind that cover the months `from`..`to` (inclusive), oldest first. Quarters and
 * years are whole calendar quarters and years, so the first and last may reach outside the range;
 * trailing periods end at each month of the range.
 */
export function periodsBetween(kind: PeriodKind, from: CalendarMonth, to: CalendarMonth): Period[] {
  calendarMonthSchema.parse(from);
  calendarMonthSchema.parse(to);
  const periods: Period[] = [];
  for (let month = from; month <= to; month = addCalendarMonths(month, 1)) {
    const period = periodForMonth(kind, month);
    if (periods.at(-1)?.label !== period.label) {
      periods.push(period);
    }
  }
  return periods;
}

function validMonth(value: string | undefined): CalendarMonth | null {
  const parsed = calendarMonthSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

/** The inverse of `period.label`: '2026-03', '2026-Q1', '2026', 'T12M-2026-03'. Null when not a label. */
export function periodFromLabel(label: string): Period | null {
  const quarter = /^(\d{4})-Q([1-4])$/.exec(label);
  if (quarter) {
    return quarterPeriod(Number(quarter[1]), Number(quarter[2]) as 1 | 2 | 3 | 4);
  }
  if (/^\d{4}$/.test(label)) {
    return yearPeriod(Number(label));
  }
  const trailing = /^T12M-(.+)$/.exec(label);
  const month = validMonth(trailing ? trailing[1] : label);
  if (month === null) {
    return null;
  }
  return trailing ? trailingTwelveMonthsPeriod(month) : monthPeriod(month);
}

/** The day a period's starting state (S, start MRR) is measured on: its first day, or the day before. */
export function periodStartDay(period: Period, boundary: 'first-day' | 'previous-day'): CalendarDate {
  return boundary === 'first-day' ? period.firstDay : addDays(period.firstDay, -1);
}

export function periodContains(period: Period, date: CalendarDate): boolean {
  return isDateWithin(date, period.firstDay, period.lastDay);
}

/**
 * A period as measured on `asOf` (today): a running period ends on `asOf`, so E is measured that day and
 * nothing scheduled later counts; it stays partial until its last day has passed.
 */
export function periodAsOf(period: Period, asOf: CalendarDate): { period: Period; partial: boolean } {
  if (asOf < period.firstDay) throw new RangeError(`the period ${period.label} starts after ${asOf}`);
  if (asOf > period.lastDay) return { period, partial: false };
  return { period: { ...period, lastDay: asOf }, partial: true };
}
