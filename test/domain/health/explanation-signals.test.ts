import { describe, expect, it } from 'vitest';
import { explanationSignals } from '../../../src/domain/health/explanation-signals';

const component = (name: string, score: unknown, raw: Record<string, unknown> = {}) => ({
  component: name,
  score,
  points: typeof score === 'number' ? score / 10 : null,
  raw,
});

describe('the signals kept beside a health explanation', () => {
  it('are the scored components by name, the days to renewal and the latest NPS answer', () => {
    const explanation = {
      components: [
        component('usage', 34, { activeUsers: 1 }),
        component('engagement', null),
        component('commercial', 61, { daysToRenewal: 2 }),
        component('sentiment', 7, { latestNps: 1, latestCsat: null }),
      ],
    };
    expect(explanationSignals(explanation)).toEqual({
      componentScores: { usage: 34, commercial: 61, sentiment: 7 },
      componentPoints: { usage: 3.4, commercial: 6.1, sentiment: 0.7 },
      daysToRenewal: 2,
      latestNps: 1,
    });
  });

  it('round halves away from zero, as Postgres casts a number to an integer', () => {
    const signals = (days: number) =>
      explanationSignals({ components: [component('commercial', 1, { daysToRenewal: days })] }).daysToRenewal;
    expect([signals(2.5), signals(-2.5), signals(-0.4), signals(7.49)]).toEqual([3, -3, 0, 7]);
  });

  it('are empty without components, and null where the value is missing or not a number', () => {
    expect(explanationSignals({ score: null })).toEqual({
      componentScores: null,
      componentPoints: null,
      daysToRenewal: null,
      latestNps: null,
    });
    expect(
      explanationSignals({
        components: [component('commercial', 10, { daysToRenewal: null }), component('sentiment', 5)],
      }),
    ).toEqual({
      componentScores: { commercial: 10, sentiment: 5 },
      componentPoints: { commercial: 1, sentiment: 0.5 },
      daysToRenewal: null,
      latestNps: null,
    });
  });
});
