import { healthChangeSince, type HealthDriver } from './health-change';
import type { HealthExplanation } from './health-score';

/** A stored daily score as the trend reads it. */
export interface ScoredDay {
  readonly date: string;
  readonly score: number;
}

export interface HealthLastChange {
  readonly date: string;
  readonly previousDate: string;
  readonly scoreBefore: number;
  readonly scoreNow: number;
  /** The component that moved the score between the two days; null when no component's points moved. */
  readonly driver: HealthDriver | null;
}

/**
 * The latest day whose score differs from the stored day before it, with the component that moved most
 * between those two days. Days are read in date order; gaps (days not scored) are skipped, not filled.
 */
export function lastHealthChange<Day extends ScoredDay>(
  days: readonly Day[],
  // Asked only for the two days around the change: a card reads 90 stored explanations and needs two of them.
  explanationOf: (day: Day) => HealthExplanation | null,
): HealthLastChange | null {
  const ordered = [...days].sort((left, right) => left.date.localeCompare(right.date));
  for (let index = ordered.length - 1; index > 0; index -= 1) {
    const now = ordered[index];
    const before = ordered[index - 1];
    if (now === undefined || before === undefined || now.score === before.score) continue;
    const [explanationNow, explanationBefore] = [explanationOf(now), explanationOf(before)];
    const drivers =
      explanationNow === null || explanationBefore === null
        ? []
        : healthChangeSince(explanationNow, explanationBefore).drivers;
    // A component entering or leaving the score re-spreads the weights, so others' points move with scores unchanged:
    // the driver is the largest mover whose own score changed, the largest points mover only when none did.
    const driver = drivers.find((candidate) => candidate.scoreBefore !== candidate.scoreNow) ?? drivers[0] ?? null;
    return { date: now.date, previousDate: before.date, scoreBefore: before.score, scoreNow: now.score, driver };
  }
  return null;
}
