import { TZDate } from '@date-fns/tz';

/** When HubSpot next resets an account's daily limit: the next midnight in the account's time zone. */
export function nextDailyReset(epochMilliseconds: number, timeZone: string): number {
  const now = new TZDate(epochMilliseconds, timeZone);
  return new TZDate(now.getFullYear(), now.getMonth(), now.getDate() + 1, timeZone).getTime();
}
