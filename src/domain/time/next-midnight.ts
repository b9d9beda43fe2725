import { addDays, dateParts } from './calendar-date';
import { instantToLocalDate } from './time-zone';

/** How far the zone's wall clock is ahead of UTC at this instant, in ms. */
function offsetAt(epochMilliseconds: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(epochMilliseconds);
  const part = (type: string) => Number(parts.find((candidate) => candidate.type === type)?.value ?? 0);
  const wall = Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'), part('second'));
  return wall - Math.floor(epochMilliseconds / 1000) * 1000;
}

/** The next midnight in the time zone after this instant: when HubSpot resets an account's daily limit. */
export function nextLocalMidnight(epochMilliseconds: number, timeZone: string): number {
  const { year, month, day } = dateParts(addDays(instantToLocalDate(epochMilliseconds, timeZone), 1));
  const wallMidnight = Date.UTC(year, month - 1, day);
  // Twice: the offset at the guess may differ from the one at midnight when a DST change falls between.
  const guess = wallMidnight - offsetAt(wallMidnight, timeZone);
  return wallMidnight - offsetAt(guess, timeZone);
}
