import { dayInWords } from '../text/day-in-words';
import { daysBetween } from '../time/calendar-date';
import type { CompanySnapshot } from './company-snapshot';

export const riskFeatureNames = [
  'seatUtilization',
  'activeUserTrend',
  'engagementVsBaseline',
  'featuresUsed',
  'npsScore',
  'csatScore',
  'milestonesBehind',
  'tenureYears',
  'mrrChange90Days',
  'downgradesLastYear',
  'healthScore',
  'healthChange30Days',
] as const;

export type RiskFeatureName = (typeof riskFeatureNames)[number];

/** A feature's value as of the snapshot's date; null when the product has no data for it. */
export type RiskFeatures = Record<RiskFeatureName, number | null>;

function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}

function ratio(numerator: number, denominator: number | null): number | null {
  return denominator === null || denominator === 0 ? null : numerator / denominator;
}

export function riskFeatures(snapshot: CompanySnapshot): RiskFeatures {
  const utilization = ratio(snapshot.activeUsers, snapshot.coreSeats);
  const trend =
    snapshot.previousActiveUsers === 0 && snapshot.activeUsers === 0
      ? null
      : (snapshot.activeUsers - snapshot.previousActiveUsers) / Math.max(1, snapshot.previousActiveUsers);
  const engagement =
    snapshot.minutesPerActiveUser === null
      ? null
      : ratio(snapshot.minutesPerActiveUser, snapshot.baselineMinutesPerActiveUser);
  const mrrChange = ratio(snapshot.mrrMinor - snapshot.mrr90DaysAgoMinor, snapshot.mrr90DaysAgoMinor);
  const healthChange =
    snapshot.healthScore === null || snapshot.healthScore30DaysAgo === null
      ? null
      : snapshot.healthScore - snapshot.healthScore30DaysAgo;
  return {
    seatUtilization: utilization === null ? null : clamp(utilization, 0, 1.5),
    activeUserTrend: trend === null ? null : clamp(trend, -1, 2),
    engagementVsBaseline: engagement === null ? null : clamp(engagement, 0, 3),
    featuresUsed: snapshot.featuresUsed,
    npsScore: snapshot.latestNps?.score ?? null,
    csatScore: snapshot.latestCsat?.score ?? null,
    milestonesBehind: snapshot.milestones?.behind ?? null,
    tenureYears: snapshot.tenureDays === null ? null : snapshot.tenureDays / 365,
    mrrChange90Days: mrrChange === null ? null : clamp(mrrChange, -1, 1),
    downgradesLastYear: snapshot.downgradesLastYear,
    healthScore: snapshot.healthScore,
    healthChange30Days: healthChange,
  };
}

function percent(value: number): string {
  return `${Math.round(value * 100)}%`;
}

/** What a CSM reads next to a driver: the fact behind the feature, in the product's words. */
export function describeFeature(name: RiskFeatureName, snapshot: CompanySnapshot): string {
  switch (name) {
    case 'seatUtilization':
      return snapshot.coreSeats === null
        ? 'no seats on record'
        : `${snapshot.activeUsers} of ${snapshot.coreSeats} seats used in the last 30 days (${percent(snapshot.activeUsers / snapshot.coreSeats)})`;
    case 'activeUserTrend':
      return `${snapshot.activeUsers} active users in the last 30 days, ${snapshot.previousActiveUsers} in the 30 days before`;
    case 'engagementVsBaseline':
      return snapshot.minutesPerActiveUser === null || snapshot.baselineMinutesPerActiveUser === null
        ? 'no session time to compare'
        : `${Math.round(snapshot.minutesPerActiveUser)} session minutes per active user in the last 30 days, ${Math.round(snapshot.baselineMinutesPerActiveUser)} in the 90 days before`;
    case 'featuresUsed':
      return `${snapshot.featuresUsed} features used in the last 30 days`;
    case 'npsScore':
      return snapshot.latestNps === null
        ? 'no NPS answer in the last year'
        : `latest NPS answer ${snapshot.latestNps.score} out of 10 on ${dayInWords(snapshot.latestNps.submittedOn)}${snapshot.latestNps.score <= 6 ? ' (a detractor)' : ''}`;
    case 'csatScore':
      return snapshot.latestCsat === null
        ? 'no CSAT answer in the last year'
        : `latest CSAT answer ${snapshot.latestCsat.score} out of 5 on ${dayInWords(snapshot.latestCsat.submittedOn)}`;
    case 'milestonesBehind':
      return snapshot.milestones === null
        ? 'no onboarding milestones'
        : `${snapshot.milestones.behind} onboarding milestones past due`;
    case 'tenureYears':
      return snapshot.tenureDays === null
        ? 'not a customer yet'
        : `customer for ${(snapshot.tenureDays / 365).toFixed(1)} years`;
    case 'mrrChange90Days':
      return `MRR ${snapshot.mrrMinor >= snapshot.mrr90DaysAgoMinor ? 'up' : 'down'} from ${(snapshot.mrr90DaysAgoMinor / 100).toFixed(2)} to ${(snapshot.mrrMinor / 100).toFixed(2)} in 90 days`;
    case 'downgradesLastYear':
      return `${snapshot.downgradesLastYear} downgrades in the last year`;
    case 'healthScore':
      return snapshot.healthScore === null ? 'no health score on record' : `health score ${snapshot.healthScore}`;
    case 'healthChange30Days':
      return snapshot.healthScore === null || snapshot.healthScore30DaysAgo === null
        ? 'no health score 30 days ago'
        : `health score ${snapshot.healthScore}, ${snapshot.healthScore30DaysAgo} 30 days earlier`;
  }
}

export function daysToRenewal(snapshot: CompanySnapshot): number | null {
  return snapshot.nextRenewalDate === null ? null : daysBetween(snapshot.asOf, snapshot.nextRenewalDate);
}
