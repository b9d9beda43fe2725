import type { Database } from '../../db/client';
import { latestScoreDate } from '../../db/repositories/customer-success-health-repository';
import { addDays, lastDayOfMonth, monthOf } from '../../domain/time/calendar-date';
import { recomputeHealth } from './recompute-health';

// The demo's usage covers the last 120 days, each day scored on the 30 before it: 90 days have a full window.
const backfillDays = 90;
const backfillEveryDays = 7;

/** The past days the demo's history is scored on: weekly back from yesterday, and each month's last day. */
export function demoHistoryDays(today: string): string[] {
  const first = addDays(today, -backfillDays);
  const weekly = Array.from({ length: Math.floor(backfillDays / backfillEveryDays) }, (_, index) =>
    addDays(today, -1 - index * backfillEveryDays),
  );
  const monthEnds: string[] = [];
  for (let day = lastDayOfMonth(monthOf(first)); day < today; day = lastDayOfMonth(monthOf(addDays(day, 1))))
    monthEnds.push(day);
  return [...new Set([...weekly, ...monthEnds])].filter((day) => day >= first).sort();
}

/**
 * The history days still to score: every one on a first start; on a later start, those after the latest score (the
 * days the demo was not running, whose usage it has carried on since), so its trend has no gap.
 */
export function demoHistoryDaysToScore(today: string, latestScored: string | null): string[] {
  return demoHistoryDays(today).filter((day) => latestScored === null || day > latestScored);
}

/**
 * A health service starts scoring on its first day, so a fresh demo would show one day of history. The demo
 * plays the service's past instead: it scores its customers on past days from the usage it generated, oldest
 * first (each run reads the runs before it), so trends and the band distribution show on first start, and a later
 * start scores the days it missed. Only for the demo: a real portal's past is not scored after the fact. Run after
 * the demo's onboarding is seeded (milestones keep their done dates, so a past day sees them as they were) and
 * before today's scores.
 */
export async function backfillDemoHealthHistory(db: Database, portalId: number, today: string): Promise<number> {
  const days = demoHistoryDaysToScore(today, await latestScoreDate(db, portalId, addDays(today, -1)));
  for (const day of days) await recomputeHealth(db, portalId, day);
  return days.length;
}
