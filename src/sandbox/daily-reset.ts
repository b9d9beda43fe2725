const dayMilliseconds = 86_400_000;

/** The zone's wall clock at this instant, read as if it were UTC, to whole seconds. */
function wallClock(epochMilliseconds: number, timeZone: string): number {
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
  return Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'), part('second'));
}

const offsetAt = (epochMilliseconds: number, timeZone: string) =>
  wallClock(epochMilliseconds, timeZone) - Math.floor(epochMilliseconds / 1000) * 1000;

/** When HubSpot next resets an account's daily limit: the next midnight in the account's time zone. */
export function nextDailyReset(epochMilliseconds: number, timeZone: string): number {
  const wallMidnight =
    Math.floor(wallClock(epochMilliseconds, timeZone) / dayMilliseconds) * dayMilliseconds + dayMilliseconds;
  // Twice: the offset at the guess may differ from the one at midnight when a DST change falls between.
  const guess = wallMidnight - offsetAt(wallMidnight, timeZone);
  return wallMidnight - offsetAt(guess, timeZone);
}
