import { beforeTrackingActor } from '../../domain/lifecycle/onboarding';
import type { MeasureUnit } from '../../../extensions/app/cards/shared/card-payload';
import { minorUnitDigits } from '../../domain/contracts/currency';
import { inWords } from '../../domain/text/in-words';
import { moneyInWords } from '../../domain/text/money-in-words';

// The words a CSM reads for the product's keys: every payload builder takes its labels from here.

// Acronyms and hyphens that words alone would lose ('smb' -> 'SMB', not 'Smb').
const tierLabels: Record<string, string> = { smb: 'SMB', mid_market: 'Mid-market', enterprise: 'Enterprise' };

/** A company's `cs_tier` value as a CSM says it. */
export function tierLabel(tier: string): string {
  return tierLabels[tier.toLowerCase()] ?? inWords(tier);
}

export { healthBandLabels, healthComponentLabels } from '../../domain/health/health-words';

export interface MeasureLabel {
  readonly label: string;
  readonly unit: MeasureUnit;
}

/** The health components' raw measures (domain/health/component-scores). */
const measureLabels: Record<string, MeasureLabel> = {
  seatUtilizationPercent: { label: 'Seat utilization', unit: 'percent' },
  activeUserTrendPercent: { label: 'Active users vs prior 30 days', unit: 'percent_change' },
  activeUsers: { label: 'Active users (30 days)', unit: 'users' },
  seats: { label: 'Seats paid for', unit: 'seats' },
  minutesPerActiveUser: { label: 'Session time per active user', unit: 'minutes' },
  baselineMinutesPerActiveUser: { label: 'Its 90-day baseline', unit: 'minutes' },
  versusBaselinePercent: { label: 'Session time against the baseline', unit: 'percent' },
  coreFeaturesUsed: { label: 'Core features used', unit: 'features' },
  coreFeaturesAvailable: { label: 'Core features in the plan', unit: 'features' },
  sharePercent: { label: 'Share of core features used', unit: 'percent' },
  done: { label: 'Done', unit: 'milestones' },
  onTrack: { label: 'On track', unit: 'milestones' },
  behind: { label: 'Behind', unit: 'milestones' },
  onTrackPercent: { label: 'Done or on track', unit: 'percent' },
  latestNps: { label: 'Latest NPS answer', unit: 'score_of_10' },
  latestCsat: { label: 'Latest CSAT answer', unit: 'score_of_5' },
  daysToRenewal: { label: 'Renewal in', unit: 'days' },
  contractionPercentLast90Days: { label: 'MRR lost to downgrades in 90 days', unit: 'percent' },
};

export function measureLabel(key: string): MeasureLabel {
  return measureLabels[key] ?? { label: inWords(key), unit: 'number' };
}

export const contractKindLabels: Record<string, string> = {
  new: 'New business',
  renewal: 'Renewal',
  upsell: 'Upsell',
  cross_sell: 'Cross-sell',
  downgrade: 'Downgrade',
};

/** Who completed a milestone: an e-mail or user id as sent, or the product itself. */
export function actorLabel(actor: string): string {
  if (actor === 'usage') return 'Product usage';
  if (actor === 'demo') return 'Demo data';
  if (actor === beforeTrackingActor) return 'Before the app tracked this customer';
  return actor;
}

/** Exact minor units in the portal's currency, as the card shows them: 2500 USD -> '$25', 2550 -> '$25.50'. */
export function moneyText(amountMinor: number, currency: string): string {
  return moneyInWords(amountMinor, currency, minorUnitDigits(currency));
}
