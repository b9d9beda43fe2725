import { z } from 'zod';

const datePattern = /^(\d{4})-(\d{2})-(\d{2})$/;
const monthPattern = /^(\d{4})-(\d{2})$/;
const millisecondsPerDay = 86_400_000;

/** A calendar date 'YYYY-MM-DD' that exists (no 2026-02-30). */
export const calendarDateSchema = z
  .string()
  .regex(datePattern, 'expected YYYY-MM-DD')
  .refine((value) => {
    const date = new Date(`${value}T00:00:00Z`);
    return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
  }, 'not a real calendar date');

export type CalendarDate = z.infer<typeof calendarDateSchema>;

/** A calendar month 'YYYY-MM'. */
export const calendarMonthSchema = z
  .string()
  .regex(monthPattern, 'expected YYYY-MM')
  .refine((value) => {
    const month = Number(value.slice(5, 7));
    return month >= 1 && month <= 12;
  }, 'month must be 01-12');

export type CalendarMonth = z.infer<typeof calendarMonthSchema>;

/** The same test as calendarDateSchema without a zod parse or a Date: it runs for every ingested event's timestamp. */
export function isCalendarDate(value: string): boolean {
  const match = datePattern.exec(value);
  if (!match) return false;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const daysInMonth =
    month === 2 ? (leap ? 29 : 28) : month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
  return day <= daysInMonth;
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

export function formatCalendarDate(year: number, month: number, day: number): CalendarDate {
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

export function formatUtcDate(date: Date): CalendarDate {
  return formatCalendarDate(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate());
}

export function dateParts(date: CalendarDate): { year: number; month: number; day: number } {
  return { year: Number(date.slice(0, 4)), month: Number(date.slice(5, 7)), day: Number(date.slice(8, 10)) };
}

function dayNumber(date: CalendarDate): number {
  const { year, month, day } = dateParts(date);
  return Date.UTC(year, month - 1, day) / millisecondsPerDay;
}

export function addDays(date: CalendarDate, days: number): CalendarDate {
  return formatUtcDate(new Date((dayNumber(date) + days) * millisecondsPerDay));
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: CalendarDate, to: CalendarDate): number {
  return dayNumber(to) - dayNumber(from);
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Calendar-month arithmetic; the day is clamped to the target month's last day (Jan 31 + 1 = Feb 28/29). */
export function addMonths(date: CalendarDate, months: number): CalendarDate {
  const { year, month, day } = dateParts(date);
  const monthIndex = year * 12 + (month - 1) + months;
  const targetYear = Math.floor(monthIndex / 12);
  const targetMonth = monthIndex - targetYear * 12 + 1;
  return formatCalendarDate(targetYear, targetMonth, Math.min(day, daysInMonth(targetYear, targetMonth)));
}

export function monthOf(date: CalendarDate): CalendarMonth {
  return date.slice(0, 7);
}

export function firstDayOfMonth(month: CalendarMonth): CalendarDate {
  return `${month}-01`;
}

export function lastDayOfMonth(month: CalendarMonth): CalendarDate {
  const year = Number(month.slice(0, 4));
  const monthNumber = Number(month.slice(5, 7));
  return formatCalendarDate(year, monthNumber, daysInMonth(year, monthNumber));
}

export function addCalendarMonths(month: CalendarMonth, months: number): CalendarMonth {
  return monthOf(addMonths(firstDayOfMonth(month), months));
}

/** Inclusive on both ends; ISO dates compare correctly as strings. */
export function isDateWithin(date: CalendarDate, firstDay: CalendarDate, lastDay: CalendarDate): boolean {
  return date >= firstDay && date <= lastDay;
}

export function earliestDate(dates: readonly CalendarDate[]): CalendarDate | null {
  return dates.reduce<CalendarDate | null>(
    (earliest, date) => (earliest === null || date < earliest ? date : earliest),
    null,
  );
}

export function latestDate(dates: readonly CalendarDate[]): CalendarDate | null {
  return dates.reduce<CalendarDate | null>((latest, date) => (latest === null || date > latest ? date : latest), null);
}
