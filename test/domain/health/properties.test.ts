import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeHealthScore, healthSettingsSchema, scoreOnCurve, type HealthInput } from '../../../src/domain/health';

const settings = healthSettingsSchema.parse({});
const count = fc.integer({ min: 0, max: 500 });
const minutes = fc.option(fc.double({ min: 0, max: 600, noNaN: true }), { nil: null });
const answer = (minimum: number, maximum: number) =>
  fc.option(
    fc.record({
      score: fc.integer({ min: minimum, max: maximum }),
      submittedOn: fc.constantFrom('2024-01-01', '2024-06-01'),
    }),
    {
      nil: null,
    },
  );

const healthInput: fc.Arbitrary<HealthInput> = fc.record({
  asOf: fc.constant('2024-06-30'),
  usage: fc.option(
    fc.record({
      activeUsers: count,
      previousActiveUsers: count,
      seats: fc.option(fc.integer({ min: 1, max: 500 }), { nil: null }),
    }),
    { nil: null },
  ),
  engagement: fc.option(fc.record({ minutesPerActiveUser: minutes, baselineMinutesPerActiveUser: minutes }), {
    nil: null,
  }),
  breadth: fc.option(fc.record({ coreFeaturesUsed: count, coreFeaturesAvailable: count }), { nil: null }),
  onboarding: fc.option(fc.record({ done: count, onTrack: count, behind: count }), { nil: null }),
  sentiment: fc.option(fc.record({ latestNps: answer(0, 10), latestCsat: answer(1, 5) }), { nil: null }),
  commercial: fc.option(
    fc.record({
      daysToRenewal: fc.option(fc.integer({ min: -30, max: 800 }), { nil: null }),
      mrrCents90DaysAgo: count,
      contractionCentsLast90Days: count,
    }),
    { nil: null },
  ),
});

describe('health score properties', () => {
  it('every default curve moves one way only', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -200, max: 1000, noNaN: true }),
        fc.double({ min: -200, max: 1000, noNaN: true }),
        (first, second) => {
          const [low, high] = first <= second ? [first, second] : [second, first];
          for (const [name, curve] of Object.entries(settings.curves)) {
            const difference = scoreOnCurve(curve, high) - scoreOnCurve(curve, low);
            expect(name === 'contractionPercent' ? difference <= 1e-9 : difference >= -1e-9).toBe(true);
          }
        },
      ),
    );
  });

  it('is a whole number from 0 to 100 whose effective weights add up to 100, or no score at all', () => {
    fc.assert(
      fc.property(healthInput, (input) => {
        const explanation = computeHealthScore(input, settings);
        expect(explanation.components.length + explanation.leftOut.length).toBe(6);
        if (explanation.score === null) {
          expect(explanation.components).toEqual([]);
          return;
        }
        expect(Number.isInteger(explanation.score) && explanation.score >= 0 && explanation.score <= 100).toBe(true);
        const weights = explanation.components.reduce((sum, entry) => sum + entry.effectiveWeightPercent, 0);
        expect(Math.abs(weights - 100)).toBeLessThanOrEqual(0.05 * explanation.components.length);
        const points = explanation.components.reduce((sum, entry) => sum + entry.points, 0);
        expect(Math.abs(points - explanation.score)).toBeLessThanOrEqual(0.5 + 0.05 * explanation.components.length);
      }),
    );
  });
});
