import { z } from 'zod';
import { formatCalendarDate, isCalendarDate, type CalendarDate } from './calendar-date';

const isoInstantPattern = /^(\d{4}-\d{2}-\d{2})T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})$/i;
const epochMillisecondsPattern = /^-?\d{1,15}$/;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      calendar: 'gregory',
      numberingSystem: 'latn',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** An IANA time zone name that this runtime's Intl knows. */
export const timeZoneSchema = z.string().min(1).refine(isValidTimeZone, 'unknown IANA time zone');

/** An instant as HubSpot and the ingestion APIs send it: an ISO-8601 string with an offset, or epoch milliseconds. */
export const instantSchema = z
  .union([z.string(), z.number().int()])
  .refine((value) => parseInstant(value) !== null, 'not an instant');

/**
 * Epoch milliseconds, or null when the value is not an instant. ISO strings must carry an offset: a bare
 * local time would silently depend on the server's zone.
 */
export function parseInstant(value: string | number): number | null {
  if (typeof value === 'number') {
    return Number.isSafeInteger(value) ? value : null;
  }
  const trimmed = value.trim();
  if (epochMillisecondsPattern.test(trimmed)) {
    return Number(trimmed);
  }
  const match = isoInstantPattern.exec(trimmed);
  if (!match?.[1] || !isCalendarDate(match[1])) {
    return null;
  }
  const milliseconds = Date.parse(trimmed);
  return Number.isNaN(milliseconds) ? null : milliseconds;
}

// `format` is several times cheaper than `formatToParts`, and these options print en-US's "M/D/YYYY" (the
// probe below checks it on this runtime); anything else (a year past 9999, another ICU) takes formatToParts.
const monthDayYear = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;
const formatIsMonthDayYear = formatterFor('UTC').format(Date.UTC(2001, 11, 31)) === '12/31/2001';

function dateFromParts(parts: readonly Intl.DateTimeFormatPart[]): CalendarDate {
  let year = 0;
  let month = 0;
  let day = 0;
  for (const { type, value } of parts) {
    if (type === 'year') year = Number(value);
    else if (type === 'month') month = Number(value);
    else if (type === 'day') day = Number(value);
  }
  return formatCalendarDate(year, month, day);
}

/** The calendar date an instant falls on in a time zone (the portal's, for KPIs). */
export function instantToLocalDate(epochMilliseconds: number, timeZone: string): CalendarDate {
  const formatter = formatterFor(timeZone);
  if (formatIsMonthDayYear) {
    const match = monthDayYear.exec(formatter.format(epochMilliseconds));
    if (match) return formatCalendarDate(Number(match[3]), Number(match[1]), Number(match[2]));
  }
  return dateFromParts(formatter.formatToParts(epochMilliseconds));
}
