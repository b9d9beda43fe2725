import type { HealthInput } from '../health/health-inputs';
import { computeHealthScore } from '../health/health-score';
import type { HealthSettings } from '../health/health-settings';
import type { CompanySnapshot } from './company-snapshot';
import { daysToRenewal } from './risk-features';

/**
 * The rules-based health score (domain §5) from the same as-of snapshot the model reads, so the
 * baseline and the model see exactly the same data. Breadth is left out unless the number of core
 * features is known.
 */
export function snapshotHealthInput(snapshot: CompanySnapshot, coreFeaturesAvailable: number | null): HealthInput {
  const hasUsage = snapshot.activeUsers > 0 || snapshot.previousActiveUsers > 0;
  return {
    asOf: snapshot.asOf,
    usage:
      hasUsage || snapshot.coreSeats !== null
        ? {
            activeUsers: snapshot.activeUsers,
            previousActiveUsers: snapshot.previousActiveUsers,
            seats: snapshot.coreSeats,
          }
        : null,
    engagement: {
      minutesPerActiveUser: snapshot.minutesPerActiveUser,
      baselineMinutesPerActiveUser: snapshot.baselineMinutesPerActiveUser,
    },
    breadth:
      coreFeaturesAvailable === null
        ? null
        : { coreFeaturesUsed: Math.min(snapshot.featuresUsed, coreFeaturesAvailable), coreFeaturesAvailable },
    onboarding: snapshot.milestones,
    sentiment:
      snapshot.latestNps === null && snapshot.latestCsat === null
        ? null
        : { latestNps: snapshot.latestNps, latestCsat: snapshot.latestCsat },
    commercial: {
      daysToRenewal: daysToRenewal(snapshot),
      mrrCents90DaysAgo: snapshot.mrr90DaysAgoMinor,
      contractionCentsLast90Days: Math.max(0, snapshot.mrr90DaysAgoMinor - snapshot.mrrMinor),
    },
  };
}

/** The stored score of the day when there is one, else the rules applied to the snapshot; null when no component has data. */
export function baselineHealthScore(
  snapshot: CompanySnapshot,
  settings: HealthSettings,
  coreFeaturesAvailable: number | null = null,
): number | null {
  if (snapshot.healthScore !== null) return snapshot.healthScore;
  return computeHealthScore(snapshotHealthInput(snapshot, coreFeaturesAvailable), settings).score;
}
