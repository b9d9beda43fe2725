import { daysBetween, type CalendarDate } from '../time/calendar-date';
import { combineMeasures, leftOut, roundToTenth, type ComponentResult } from './component-result';
import type {
  BreadthInput,
  CommercialInput,
  EngagementInput,
  OnboardingInput,
  SentimentInput,
  UsageInput,
} from './health-inputs';
import type { HealthSettings } from './health-settings';
import { scoreOnCurve } from './scoring-curve';

// Activity from nothing reads as strong growth; nothing to nothing carries no trend.
const trendFromZeroPercent = 100;

export function activeUserTrendPercent(input: UsageInput): number | null {
  if (input.previousActiveUsers > 0)
    return ((input.activeUsers - input.previousActiveUsers) * 100) / input.previousActiveUsers;
  return input.activeUsers > 0 ? trendFromZeroPercent : null;
}

export function scoreUsage(input: UsageInput | null, settings: HealthSettings): ComponentResult {
  if (input === null) return leftOut('no_data');
  const utilization = input.seats === null ? null : (input.activeUsers * 100) / input.seats;
  const trend = activeUserTrendPercent(input);
  const weights = settings.measureWeights.usage;
  const score = combineMeasures([
    {
      score: utilization === null ? null : scoreOnCurve(settings.curves.seatUtilizationPercent, utilization),
      weight: weights.seatUtilization,
    },
    {
      score: trend === null ? null : scoreOnCurve(settings.curves.activeUserTrendPercent, trend),
      weight: weights.activeUserTrend,
    },
  ]);
  if (score === null) return leftOut('no_seats_or_activity_history');
  return {
    status: 'scored',
    score,
    raw: {
      seatUtilizationPercent: utilization === null ? null : roundToTenth(utilization),
      activeUserTrendPercent: trend === null ? null : roundToTenth(trend),
      activeUsers: input.activeUsers,
      seats: input.seats,
    },
  };
}

export function scoreEngagement(input: EngagementInput | null, settings: HealthSettings): ComponentResult {
  if (input === null) return leftOut('no_data');
  if (input.minutesPerActiveUser === null) return leftOut('no_active_users');
  if (input.baselineMinutesPerActiveUser === null || input.baselineMinutesPerActiveUser === 0)
    return leftOut('no_baseline');
  const versusBaseline = (input.minutesPerActiveUser * 100) / input.baselineMinutesPerActiveUser;
  return {
    status: 'scored',
    score: Math.round(scoreOnCurve(settings.curves.engagementVsBaselinePercent, versusBaseline)),
    raw: {
      minutesPerActiveUser: roundToTenth(input.minutesPerActiveUser),
      baselineMinutesPerActiveUser: roundToTenth(input.baselineMinutesPerActiveUser),
      versusBaselinePercent: roundToTenth(versusBaseline),
    },
  };
}

export function scoreBreadth(input: BreadthInput | null, settings: HealthSettings): ComponentResult {
  if (input === null) return leftOut('no_data');
  if (input.coreFeaturesAvailable === 0) return leftOut('no_core_features');
  const share = (Math.min(input.coreFeaturesUsed, input.coreFeaturesAvailable) * 100) / input.coreFeaturesAvailable;
  return {
    status: 'scored',
    score: Math.round(scoreOnCurve(settings.curves.coreFeatureSharePercent, share)),
    raw: {
      coreFeaturesUsed: input.coreFeaturesUsed,
      coreFeaturesAvailable: input.coreFeaturesAvailable,
      sharePercent: roundToTenth(share),
    },
  };
}

/** Done and on-track milestones count in favour; every milestone past due counts against. */
export function scoreOnboarding(input: OnboardingInput | null, settings: HealthSettings): ComponentResult {
  if (input === null) return leftOut('no_data');
  const total = input.done + input.onTrack + input.behind;
  if (total === 0) return leftOut('no_milestones');
  const onTrackShare = ((input.done + input.onTrack) * 100) / total;
  return {
    status: 'scored',
    score: Math.round(scoreOnCurve(settings.curves.milestonesOnTrackPercent, onTrackShare)),
    raw: { done: input.done, onTrack: input.onTrack, behind: input.behind, onTrackPercent: roundToTenth(onTrackShare) },
  };
}

function isRecent(submittedOn: CalendarDate, asOf: CalendarDate, maxAgeDays: number): boolean {
  const age = daysBetween(submittedOn, asOf);
  return age >= 0 && age <= maxAgeDays;
}

/** The latest NPS and CSAT answers, each only while younger than `sentimentMaxAgeDays`. */
export function scoreSentiment(
  input: SentimentInput | null,
  asOf: CalendarDate,
  settings: HealthSettings,
): ComponentResult {
  if (input === null || (input.latestNps === null && input.latestCsat === null)) return leftOut('no_data');
  const nps =
    input.latestNps !== null && isRecent(input.latestNps.submittedOn, asOf, settings.sentimentMaxAgeDays)
      ? input.latestNps.score
      : null;
  const csat =
    input.latestCsat !== null && isRecent(input.latestCsat.submittedOn, asOf, settings.sentimentMaxAgeDays)
      ? input.latestCsat.score
      : null;
  const weights = settings.measureWeights.sentiment;
  const score = combineMeasures([
    { score: nps === null ? null : scoreOnCurve(settings.curves.npsScore, nps), weight: weights.nps },
    { score: csat === null ? null : scoreOnCurve(settings.curves.csatScore, csat), weight: weights.csat },
  ]);
  if (score === null) return leftOut('surveys_too_old');
  return { status: 'scored', score, raw: { latestNps: nps, latestCsat: csat } };
}

export function scoreCommercial(input: CommercialInput | null, settings: HealthSettings): ComponentResult {
  if (input === null) return leftOut('no_data');
  const contraction =
    input.mrrCents90DaysAgo > 0 ? (input.contractionCentsLast90Days * 100) / input.mrrCents90DaysAgo : null;
  const weights = settings.measureWeights.commercial;
  const score = combineMeasures([
    {
      score: input.daysToRenewal === null ? null : scoreOnCurve(settings.curves.daysToRenewal, input.daysToRenewal),
      weight: weights.daysToRenewal,
    },
    {
      score: contraction === null ? null : scoreOnCurve(settings.curves.contractionPercent, contraction),
      weight: weights.contraction,
    },
  ]);
  if (score === null) return leftOut('no_renewal_or_mrr_history');
  return {
    status: 'scored',
    score,
    raw: {
      daysToRenewal: input.daysToRenewal,
      contractionPercentLast90Days: contraction === null ? null : roundToTenth(contraction),
    },
  };
}
