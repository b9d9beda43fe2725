import type { HealthInput } from '../../../src/domain/health';

/** A healthy company with every kind of data; tests replace one part at a time. */
export function fullInput(overrides: Partial<HealthInput> = {}): HealthInput {
  return {
    asOf: '2024-06-30',
    usage: { activeUsers: 8, previousActiveUsers: 8, seats: 10 },
    engagement: { minutesPerActiveUser: 30, baselineMinutesPerActiveUser: 30 },
    breadth: { coreFeaturesUsed: 3, coreFeaturesAvailable: 4 },
    onboarding: { done: 5, onTrack: 0, behind: 0 },
    sentiment: {
      latestNps: { score: 9, submittedOn: '2024-06-01' },
      latestCsat: { score: 4, submittedOn: '2024-05-01' },
    },
    commercial: { daysToRenewal: 180, mrrCents90DaysAgo: 100_000, contractionCentsLast90Days: 0 },
    ...overrides,
  };
}
