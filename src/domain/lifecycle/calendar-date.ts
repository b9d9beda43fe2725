import { z } from 'zod';

export const calendarDateSchema = z.iso.date();

export type CalendarDate = z.infer<typeof calendarDateSchema>;

const millisecondsPerDay = 86_400_000;

function toEpochMilliseconds(date: CalendarDate): number {
  return Date.parse(`${date}T00:00:00Z`);
}

export function addDays(date: CalendarDate, days: number): CalendarDate {
  return new Date(toEpochMilliseconds(date) + days * millisecondsPerDay).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to`; negative when `to` is earlier. */
export function daysBetween(from: CalendarDate, to: CalendarDate): number {
  return Math.round((toEpochMilliseconds(to) - toEpochMilliseconds(from)) / millisecondsPerDay);
}

export function earliestDate(dates: readonly CalendarDate[]): CalendarDate | null {
  return dates.reduce<CalendarDate | null>((earliest, date) => (earliest === null || date < earliest ? date : earliest), null);
}

export function latestDate(dates: readonly CalendarDate[]): CalendarDate | null {
  return dates.reduce<CalendarDate | null>((latest, date) => (latest === null || date > latest ? date : latest), null);
}
