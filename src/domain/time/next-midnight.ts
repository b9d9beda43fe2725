import { addDays, dateParts } from './calendar-date';
import { instantToLocalDate } from './time-zone';
import { utcOffsetAt } from './utc-offset';

/** The next midnight in the time zone after this instant: when HubSpot resets an account's daily limit. */
export function nextLocalMidnight(epochMilliseconds: number, timeZone: string): number {
  const { year, month, day } = dateParts(addDays(instantToLocalDate(epochMilliseconds, timeZone), 1));
  const wallMidnight = Date.UTC(year, month - 1, day);
  // Twice: the offset at the guess may differ from the one at midnight when a DST change falls between.
  const guess = wallMidnight - utcOffsetAt(wallMidnight, timeZone);
  return wallMidnight - utcOffsetAt(guess, timeZone);
}
