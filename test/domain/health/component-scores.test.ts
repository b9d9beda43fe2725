import { describe, expect, it } from 'vitest';
import {
  healthSettingsSchema,
  scoreBreadth,
  scoreCommercial,
  scoreEngagement,
  scoreOnboarding,
  scoreOnCurve,
  scoreSentiment,
  scoreUsage,
  scoringCurveSchema,
} from '../../../src/domain/health';

const settings = healthSettingsSchema.parse({});
const scoreOf = (result: ReturnType<typeof scoreUsage>) => (result.status === 'scored' ? result.score : result.reason);

describe('scoring curves', () => {
  const curve = scoringCurveSchema.parse([
    [0, 0],
    [50, 50],
    [80, 90],
    [100, 100],
  ]);
  it.each([
    [-10, 0],
    [0, 0],
    [25, 25],
    [65, 70],
    [80, 90],
    [150, 100],
  ])('raw %d -> %d', (raw, expected) => {
    expect(scoreOnCurve(curve, raw)).toBeCloseTo(expected, 10);
  });

  it.each([
    {
      name: 'scores up and down',
      points: [
        [0, 0],
        [50, 60],
        [100, 40],
      ],
    },
    {
      name: 'raw values not increasing',
      points: [
        [0, 0],
        [0, 50],
      ],
    },
    {
      name: 'score above 100',
      points: [
        [0, 0],
        [10, 120],
      ],
    },
    { name: 'single point', points: [[0, 0]] },
  ])('rejects a curve with $name', ({ points }) => {
    expect(scoringCurveSchema.safeParse(points).success).toBe(false);
  });

  it('accepts a falling curve (more contraction scores lower)', () => {
    expect(
      scoringCurveSchema.safeParse([
        [0, 100],
        [50, 0],
      ]).success,
    ).toBe(true);
  });

  it('every default curve is monotone', () => {
    for (const points of Object.values(settings.curves))
      expect(scoringCurveSchema.safeParse(points).success).toBe(true);
  });
});

describe('usage', () => {
  it.each([
    { name: 'utilization and flat trend', input: { activeUsers: 8, previousActiveUsers: 8, seats: 10 }, expected: 83 },
    {
      name: 'users halved',
      input: { activeUsers: 4, previousActiveUsers: 8, seats: 10 },
      expected: Math.round((40 * 2 + 0) / 3),
    },
    { name: 'users down a quarter', input: { activeUsers: 6, previousActiveUsers: 8, seats: 10 }, expected: 52 },
    { name: 'no seats: trend only', input: { activeUsers: 8, previousActiveUsers: 8, seats: null }, expected: 70 },
    {
      name: 'first activity counts as growth',
      input: { activeUsers: 5, previousActiveUsers: 0, seats: 10 },
      expected: Math.round((50 * 2 + 100) / 3),
    },
    {
      name: 'nobody, ever: utilization only',
      input: { activeUsers: 0, previousActiveUsers: 0, seats: 10 },
      expected: 0,
    },
    {
      name: 'no seats and no activity',
      input: { activeUsers: 0, previousActiveUsers: 0, seats: null },
      expected: 'no_seats_or_activity_history',
    },
  ])('$name', ({ input, expected }) => {
    expect(scoreOf(scoreUsage(input, settings))).toBe(expected);
  });

  it('is left out without usage data', () => {
    expect(scoreUsage(null, settings)).toEqual({ status: 'left_out', reason: 'no_data' });
  });
});

describe('engagement against the company baseline', () => {
  it.each([
    { minutesPerActiveUser: 30, baselineMinutesPerActiveUser: 30, expected: 80 },
    { minutesPerActiveUser: 36, baselineMinutesPerActiveUser: 30, expected: 100 },
    { minutesPerActiveUser: 15, baselineMinutesPerActiveUser: 30, expected: 30 },
    { minutesPerActiveUser: 0, baselineMinutesPerActiveUser: 30, expected: 0 },
    { minutesPerActiveUser: null, baselineMinutesPerActiveUser: 30, expected: 'no_active_users' },
    { minutesPerActiveUser: 10, baselineMinutesPerActiveUser: null, expected: 'no_baseline' },
    { minutesPerActiveUser: 10, baselineMinutesPerActiveUser: 0, expected: 'no_baseline' },
  ])('$minutesPerActiveUser vs $baselineMinutesPerActiveUser -> $expected', ({ expected, ...input }) => {
    expect(scoreOf(scoreEngagement(input, settings))).toBe(expected);
  });
});

describe('breadth, onboarding, sentiment and commercial', () => {
  it.each([
    { coreFeaturesUsed: 0, coreFeaturesAvailable: 4, expected: 0 },
    { coreFeaturesUsed: 3, coreFeaturesAvailable: 4, expected: 88 },
    { coreFeaturesUsed: 6, coreFeaturesAvailable: 4, expected: 100 },
    { coreFeaturesUsed: 2, coreFeaturesAvailable: 0, expected: 'no_core_features' },
  ])('breadth $coreFeaturesUsed of $coreFeaturesAvailable -> $expected', ({ expected, ...input }) => {
    expect(scoreOf(scoreBreadth(input, settings))).toBe(expected);
  });

  it.each([
    { done: 5, onTrack: 0, behind: 0, expected: 100 },
    { done: 2, onTrack: 2, behind: 1, expected: 80 },
    { done: 0, onTrack: 0, behind: 5, expected: 0 },
    { done: 0, onTrack: 0, behind: 0, expected: 'no_milestones' },
  ])('onboarding $done/$onTrack/$behind -> $expected', ({ expected, ...input }) => {
    expect(scoreOf(scoreOnboarding(input, settings))).toBe(expected);
  });

  const nps = (score: number, submittedOn = '2024-06-01') => ({ score, submittedOn });
  it.each([
    { name: 'promoter only', input: { latestNps: nps(10), latestCsat: null }, expected: 100 },
    { name: 'detractor only', input: { latestNps: nps(6), latestCsat: null }, expected: 40 },
    { name: 'NPS and CSAT averaged', input: { latestNps: nps(9), latestCsat: nps(4) }, expected: 85 },
    {
      name: 'stale NPS dropped, CSAT kept',
      input: { latestNps: nps(0, '2023-01-01'), latestCsat: nps(5) },
      expected: 100,
    },
    { name: 'both stale', input: { latestNps: nps(9, '2023-01-01'), latestCsat: null }, expected: 'surveys_too_old' },
    { name: 'no answers', input: { latestNps: null, latestCsat: null }, expected: 'no_data' },
  ])('sentiment: $name', ({ input, expected }) => {
    expect(scoreOf(scoreSentiment(input, '2024-06-30', settings))).toBe(expected);
  });

  it.each([
    {
      name: 'far from renewal, no contraction',
      input: { daysToRenewal: 200, mrrCents90DaysAgo: 100_000, contractionCentsLast90Days: 0 },
      expected: 100,
    },
    {
      name: 'renewal in 30 days, 10% contraction',
      input: { daysToRenewal: 30, mrrCents90DaysAgo: 100_000, contractionCentsLast90Days: 10_000 },
      expected: 50,
    },
    {
      name: 'new customer: renewal only',
      input: { daysToRenewal: 90, mrrCents90DaysAgo: 0, contractionCentsLast90Days: 0 },
      expected: 70,
    },
    {
      name: 'neither measure',
      input: { daysToRenewal: null, mrrCents90DaysAgo: 0, contractionCentsLast90Days: 0 },
      expected: 'no_renewal_or_mrr_history',
    },
  ])('commercial: $name', ({ input, expected }) => {
    expect(scoreOf(scoreCommercial(input, settings))).toBe(expected);
  });
});
