import { describe, expect, it } from 'vitest';
import {
  computeHealthScore,
  healthBandFor,
  healthExplanationSchema,
  healthSettingsSchema,
  healthWeightsFor,
  resolveHealthProfile,
} from '../../../src/domain/health';
import { fullInput } from './fixtures';

const settings = healthSettingsSchema.parse({});

describe('health settings', () => {
  it('defaults to the weights and bands of the domain page', () => {
    expect(settings.profiles).toEqual({
      default: { usage: 30, engagement: 15, breadth: 15, onboarding: 15, sentiment: 15, commercial: 10 },
    });
    expect(settings.bands).toEqual({ yellowFrom: 40, greenFrom: 70 });
  });

  it.each([
    {
      name: 'no default profile',
      value: { profiles: { smb: { usage: 1, engagement: 0, breadth: 0, onboarding: 0, sentiment: 0, commercial: 0 } } },
    },
    {
      name: 'all weights zero',
      value: {
        profiles: { default: { usage: 0, engagement: 0, breadth: 0, onboarding: 0, sentiment: 0, commercial: 0 } },
      },
    },
    { name: 'rule naming an unknown profile', value: { profileRules: [{ profile: 'smb', segment: 'smb' }] } },
    { name: 'inverted bands', value: { bands: { yellowFrom: 70, greenFrom: 40 } } },
  ])('rejects $name', ({ value }) => {
    expect(healthSettingsSchema.safeParse(value).success).toBe(false);
  });
});

describe('computeHealthScore', () => {
  it('explains every component of a full score', () => {
    const explanation = computeHealthScore(fullInput(), settings);
    expect(healthExplanationSchema.parse(explanation)).toEqual(explanation);
    expect(explanation.score).toBe(88);
    expect(explanation.band).toBe('green');
    expect(explanation.leftOut).toEqual([]);
    expect(
      explanation.components.map(({ component, score, weight, effectiveWeightPercent, points }) => [
        component,
        score,
        weight,
        effectiveWeightPercent,
        points,
      ]),
    ).toEqual([
      ['usage', 83, 30, 30, 24.9],
      ['engagement', 80, 15, 15, 12],
      ['breadth', 88, 15, 15, 13.2],
      ['onboarding', 100, 15, 15, 15],
      ['sentiment', 85, 15, 15, 12.8],
      ['commercial', 100, 10, 10, 10],
    ]);
    expect(explanation.components[0]?.raw).toEqual({
      seatUtilizationPercent: 80,
      activeUserTrendPercent: 0,
      activeUsers: 8,
      seats: 10,
    });
  });

  it.each([
    {
      name: 'usage missing',
      overrides: { usage: null },
      leftOut: 'usage',
      reason: 'no_data',
      score: 90,
      engagementWeight: 21.4,
    },
    {
      name: 'surveys missing',
      overrides: { sentiment: { latestNps: null, latestCsat: null } },
      leftOut: 'sentiment',
      reason: 'no_data',
      score: 88,
      engagementWeight: 17.6,
    },
    {
      name: 'surveys stale',
      overrides: { sentiment: { latestNps: { score: 9, submittedOn: '2023-06-01' }, latestCsat: null } },
      leftOut: 'sentiment',
      reason: 'surveys_too_old',
      score: 88,
      engagementWeight: 17.6,
    },
  ] as const)('reweights when $name', ({ overrides, leftOut, reason, score, engagementWeight }) => {
    const explanation = computeHealthScore(fullInput(overrides), settings);
    expect(explanation.score).toBe(score);
    expect(explanation.leftOut).toEqual([{ component: leftOut, weight: leftOut === 'usage' ? 30 : 15, reason }]);
    expect(explanation.components.find((entry) => entry.component === 'engagement')?.effectiveWeightPercent).toBe(
      engagementWeight,
    );
    const totalWeight = explanation.components.reduce((sum, entry) => sum + entry.effectiveWeightPercent, 0);
    expect(totalWeight).toBeCloseTo(100, 0);
  });

  it('gives no score when nothing is known', () => {
    const nothing = {
      asOf: '2024-06-30',
      usage: null,
      engagement: null,
      breadth: null,
      onboarding: null,
      sentiment: null,
      commercial: null,
    };
    const explanation = computeHealthScore(nothing, settings);
    expect(explanation).toMatchObject({ score: null, band: null, components: [] });
    expect(explanation.leftOut.map((entry) => entry.reason)).toEqual(Array(6).fill('no_data'));
  });

  // Usage alone, scored on seat utilization alone, makes the score equal the utilization below 50%.
  const usageOnly = healthSettingsSchema.parse({
    profiles: { default: { usage: 1, engagement: 0, breadth: 0, onboarding: 0, sentiment: 0, commercial: 0 } },
    measureWeights: { usage: { activeUserTrend: 0 } },
  });
  it.each([
    { activeUsers: 39, band: 'red' },
    { activeUsers: 40, band: 'yellow' },
  ])('scores $activeUsers of 100 seats as $band', ({ activeUsers, band }) => {
    const explanation = computeHealthScore(
      fullInput({ usage: { activeUsers, previousActiveUsers: activeUsers, seats: 100 } }),
      usageOnly,
    );
    expect(explanation).toMatchObject({ score: activeUsers, band });
    expect(explanation.leftOut.every((entry) => entry.reason === 'zero_weight')).toBe(true);
  });

  it('uses the named profile and refuses an unknown one', () => {
    const withProfile = healthSettingsSchema.parse({
      profiles: {
        default: settings.profiles.default,
        enterprise: { usage: 0, engagement: 0, breadth: 0, onboarding: 0, sentiment: 1, commercial: 1 },
      },
    });
    expect(computeHealthScore(fullInput(), withProfile, 'enterprise')).toMatchObject({
      profile: 'enterprise',
      score: 93,
    });
    expect(() => computeHealthScore(fullInput(), withProfile, 'smb')).toThrow(RangeError);
  });
});

describe('healthBandFor', () => {
  it.each([
    [0, 'red'],
    [39, 'red'],
    [40, 'yellow'],
    [69, 'yellow'],
    [70, 'green'],
    [100, 'green'],
  ] as const)('%d -> %s', (score, band) => {
    expect(healthBandFor(score, settings)).toBe(band);
  });

  it('follows configured bands', () => {
    const custom = healthSettingsSchema.parse({ bands: { yellowFrom: 50, greenFrom: 80 } });
    expect([
      healthBandFor(49, custom),
      healthBandFor(50, custom),
      healthBandFor(79, custom),
      healthBandFor(80, custom),
    ]).toEqual(['red', 'yellow', 'yellow', 'green']);
  });
});

describe('resolveHealthProfile', () => {
  const weights = settings.profiles.default;
  const withRules = healthSettingsSchema.parse({
    profiles: { default: weights, onboarding: weights, enterprise: weights },
    profileRules: [
      { profile: 'onboarding', stage: 'introduction' },
      { profile: 'enterprise', segment: 'enterprise' },
    ],
  });
  it.each([
    { company: { segment: 'enterprise', stage: 'introduction' }, expected: 'onboarding' },
    { company: { segment: 'enterprise', stage: 'adoption' }, expected: 'enterprise' },
    { company: { segment: 'smb', stage: 'adoption' }, expected: 'default' },
    { company: {}, expected: 'default' },
  ] as const)('$company -> $expected', ({ company, expected }) => {
    expect(resolveHealthProfile(withRules, company)).toBe(expected);
    expect(healthWeightsFor(withRules, expected)).toEqual(weights);
  });
});
