import type { HealthBand } from './health-band';
import type { HealthComponent } from './health-settings';

// The words a CSM reads for the health keys, wherever they are written: the card, the manager view, and the
// tasks and notes the product writes into HubSpot.

/** A health band as the card and the manager view say it. */
export const healthBandLabels: Record<HealthBand, string> = {
  green: 'Healthy',
  yellow: 'Needs attention',
  red: 'At risk',
};

/** A band inside a sentence: 'Health is at risk', 'while health needs attention'. */
export const healthBandPredicates: Record<HealthBand, string> = {
  green: 'is healthy',
  yellow: 'needs attention',
  red: 'is at risk',
};

export const healthComponentLabels: Record<HealthComponent, string> = {
  usage: 'Usage',
  engagement: 'Engagement (session time)',
  breadth: 'Feature breadth',
  onboarding: 'Onboarding milestones',
  sentiment: 'Sentiment (NPS, CSAT)',
  commercial: 'Renewal and downgrades',
};
