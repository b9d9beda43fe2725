import { tzOffset } from '@date-fns/tz';

const minuteMilliseconds = 60_000;

/** How far the zone's wall clock is ahead of UTC at an instant, in milliseconds. */
export function utcOffsetAt(instant: number, timeZone: string): number {
  return tzOffset(timeZone, new Date(instant)) * minuteMilliseconds;
}
