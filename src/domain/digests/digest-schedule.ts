import { z } from 'zod';
import { addDays, calendarDateSchema, dateParts, type CalendarDate } from '../time/calendar-date';
import { weekdays, type DigestCadence, type Weekday } from './digest-settings';

export const digestPeriodSchema = z.object({
  cadence: z.enum(['daily', 'weekly']),
  /** The days the digest looks back on, inclusive: yesterday, or the seven days before today. */
  firstDay: calendarDateSchema,
  lastDay: calendarDateSchema,
  /** The day it is sent on: renewals and overdue tasks count from it. */
  sentOn: calendarDateSchema,
});

export type DigestPeriod = z.infer<typeof digestPeriodSchema>;

export function weekdayOf(date: CalendarDate): Weekday {
  const { year, month, day } = dateParts(date);
  // getUTCDay: 0 is Sunday; the list starts on Monday.
  const index = (new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 6) % 7;
  return weekdays[index] ?? 'monday';
}

/** The period a digest sent on `sentOn` covers. */
export function digestPeriod(cadence: 'daily' | 'weekly', sentOn: CalendarDate): DigestPeriod {
  const days = cadence === 'daily' ? 1 : 7;
  return { cadence, firstDay: addDays(sentOn, -days), lastDay: addDays(sentOn, -1), sentOn };
}

/** The key that makes a digest once per recipient: the cadence and the day it is sent on. */
export function digestPeriodKey(period: DigestPeriod): string {
  return `${period.cadence}:${period.sentOn}`;
}

/**
 * The digest due at this local moment, or null: from the set hour of each day (daily) or of the set weekday
 * (weekly). Every later hour of that day is due too, so a tick missed while the service was down still sends it;
 * the sent-digests record keeps it to once.
 */
export function dueDigestPeriod(
  timing: { readonly cadence: DigestCadence; readonly weekday: Weekday; readonly hour: number },
  local: { readonly date: CalendarDate; readonly hour: number },
): DigestPeriod | null {
  if (timing.cadence === 'off' || local.hour < timing.hour) return null;
  if (timing.cadence === 'weekly' && weekdayOf(local.date) !== timing.weekday) return null;
  return digestPeriod(timing.cadence, local.date);
}

const hourFormatters = new Map<string, Intl.DateTimeFormat>();

/** The hour (0-23) of an instant in a time zone. */
export function localHour(epochMilliseconds: number, timeZone: string): number {
  let formatter = hourFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', { timeZone, hour: 'numeric', hourCycle: 'h23' });
    hourFormatters.set(timeZone, formatter);
  }
  const hour = Number(formatter.formatToParts(epochMilliseconds).find((part) => part.type === 'hour')?.value ?? 0);
  return hour % 24;
}
