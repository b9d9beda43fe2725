import { addDays } from '../../../src/domain/time/calendar-date';
import type { PeerProfile, SeatDay, SuggestionInput } from '../../../src/domain/suggestions';

export function seatDays(asOf: string, count: number, activeUsers: number, seats: number | null): SeatDay[] {
  return Array.from({ length: count }, (_, index) => ({ date: addDays(asOf, -index), activeUsers, seats }));
}

const owners = (count: number): PeerProfile[] =>
  Array.from({ length: count }, () => ({
    ownedProductIds: ['core', 'analytics'],
    featuresUsed: ['dashboard.view', 'report.create', 'export.csv', 'analytics.query'],
  }));

/** Owners of analytics create reports and export; the others mostly only look at dashboards. */
export const analyticsPeers: PeerProfile[] = [
  ...owners(4),
  ...Array.from({ length: 4 }, () => ({ ownedProductIds: ['core'], featuresUsed: ['dashboard.view'] })),
  { ownedProductIds: ['core'], featuresUsed: ['dashboard.view', 'report.create'] },
];

export function ownersOfAnalytics(count: number): PeerProfile[] {
  return owners(count);
}

/** A green, onboarded professional customer at 90% of 20 seats for the last 14 days. */
export function suggestionInput(overrides: Partial<SuggestionInput> = {}): SuggestionInput {
  return {
    asOf: '2024-06-30',
    healthBand: 'green',
    onboardingComplete: true,
    activeUsers: 18,
    ownedProducts: [{ productId: 'core', planId: 'professional', seats: 20, mrrCents: 90_000 }],
    seatHistory: seatDays('2024-06-30', 14, 18, 20),
    featureUsers: { 'dashboard.view': 18, 'report.create': 10, 'export.csv': 5 },
    peers: [],
    dismissals: [],
    ...overrides,
  };
}
