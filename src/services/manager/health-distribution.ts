import type { BandCounts, ManagerPortfolioPayload } from '../../../extensions/app/pages/shared/manager-payload';
import type { Executor } from '../../db/client';
import { countBandsOn, lastScoreDayPerRange } from '../../db/repositories/manager-portfolio-repository';
import { portalSendsUsage } from '../card/adoption-section';
import { firstDayOfMonth, lastDayOfMonth, type CalendarMonth } from '../../domain/time/calendar-date';

/**
 * Health bands from the daily score history: today (the newest scores on or before `asOf`) and, per
 * month of the range, on the month's last scored day. A month without scores is left out.
 */
export async function healthDistribution(
  db: Executor,
  portalId: number,
  months: readonly CalendarMonth[],
  asOf: string,
): Promise<ManagerPortfolioPayload['health']> {
  const monthRanges = months
    .map((month) => ({
      month,
      firstDay: firstDayOfMonth(month),
      lastDay: lastDayOfMonth(month) < asOf ? lastDayOfMonth(month) : asOf,
    }))
    .filter((range) => range.firstDay <= range.lastDay);
  const [scoredOn, ...monthDays] = await lastScoreDayPerRange(db, portalId, [
    { firstDay: '0001-01-01', lastDay: asOf },
    ...monthRanges,
  ]);
  const days = [...new Set([scoredOn, ...monthDays].filter((day) => day !== null && day !== undefined))];
  const counts = new Map<string, BandCounts>();
  for (const row of await countBandsOn(db, portalId, days)) {
    const entry = counts.get(row.scoreDate) ?? { red: 0, yellow: 0, green: 0 };
    entry[row.band] += row.companies;
    counts.set(row.scoreDate, entry);
  }
  const countsOn = (day: string) => counts.get(day) ?? { red: 0, yellow: 0, green: 0 };
  // The newest scores' usage windows (the card's): without an active user in them, every score left usage out.
  const usageReceived =
    scoredOn !== null && scoredOn !== undefined ? await portalSendsUsage(db, portalId, scoredOn) : false;
  return {
    scoredOn: scoredOn ?? null,
    usageReceived,
    today: scoredOn ? countsOn(scoredOn) : { red: 0, yellow: 0, green: 0 },
    byMonth: monthRanges.flatMap((range, index) => {
      const day = monthDays[index];
      return day ? [{ month: range.month, scoredOn: day, ...countsOn(day) }] : [];
    }),
  };
}
