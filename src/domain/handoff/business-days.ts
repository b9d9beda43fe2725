import { addDays, dateParts, type CalendarDate } from '../time/calendar-date';
import { instantToLocalDate } from '../time/time-zone';
import { utcOffsetAt } from '../time/utc-offset';

/** The instant a zone's wall clock shows `time` (HH:MM) on `date`; in a DST gap, the hour after. */
export function localTimeToInstant(date: CalendarDate, time: string, timeZone: string): number {
  const { year, month, day } = dateParts(date);
  const [hours, minutes] = time.split(':').map(Number);
  const wallClock = Date.UTC(year, month - 1, day, hours ?? 0, minutes ?? 0);
  const firstGuess = wallClock - utcOffsetAt(wallClock, timeZone);
  // The offset at the first guess may differ from the offset at the answer when a DST change lies between.
  const corrected = wallClock - utcOffsetAt(firstGuess, timeZone);
  if (corrected + utcOffsetAt(corrected, timeZone) === wallClock) return corrected;
  // The wall clock skips this time (DST gap): the moment after the jump.
  return Math.max(corrected, firstGuess);
}

export function isBusinessDay(date: CalendarDate, weekendDays: readonly number[]): boolean {
  return !weekendDays.includes(new Date(`${date}T00:00:00Z`).getUTCDay());
}

/** `days` business days after `date`; with 0, `date` itself or the next business day. */
export function addBusinessDays(date: CalendarDate, days: number, weekendDays: readonly number[]): CalendarDate {
  let current = date;
  let remaining = days;
  while (remaining > 0 || !isBusinessDay(current, weekendDays)) {
    current = addDays(current, 1);
    if (isBusinessDay(current, weekendDays)) remaining -= 1;
  }
  return current;
}

export interface DueDateRule {
  readonly dueInBusinessDays: number;
  readonly dueLocalTime: string;
  readonly weekendDays: readonly number[];
}

/** When a task created at `now` falls due: business days later in the portal's time zone, at the set local time. */
export function businessDueInstant(
  now: number,
  timeZone: string,
  rule: DueDateRule,
): { dueDate: CalendarDate; dueAt: number } {
  const dueDate = addBusinessDays(instantToLocalDate(now, timeZone), rule.dueInBusinessDays, rule.weekendDays);
  return { dueDate, dueAt: localTimeToInstant(dueDate, rule.dueLocalTime, timeZone) };
}
