import { describe, expect, it } from 'vitest';
import { compareGroups, defaultOutcomeOptions } from '../../../src/domain/playbooks/outcome-statistics';

// A deterministic generator for the groups (not the one the statistics use).
function values(count: number, seed: number, draw: (random: () => number) => number): number[] {
  let state = seed;
  const random = () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
  return Array.from({ length: count }, () => draw(random));
}
const points = (center: number) => (random: () => number) =>
  Math.round(center + (random() + random() + random() - 1.5) * 30);
const share = (probability: number) => (random: () => number) => (random() < probability ? 1 : 0);

// Large groups take their resampled means from the normal approximation; the interval must be the bootstrap's.
describe('the outcome interval of large groups', () => {
  const cases = [
    {
      name: 'health changes, both groups large',
      treated: values(20_000, 1, points(2)),
      holdout: values(6_000, 2, points(0)),
    },
    {
      name: 'a share, both groups large',
      treated: values(20_000, 3, share(0.3)),
      holdout: values(6_000, 4, share(0.25)),
    },
    {
      name: 'a large treated group and a small holdout',
      treated: values(20_000, 5, points(1)),
      holdout: values(300, 6, points(0)),
    },
  ];
  it.each(cases)('agrees with the bootstrap value by value: $name', ({ treated, holdout }) => {
    const bootstrap = compareGroups('healthChange30', treated, holdout, {
      ...defaultOutcomeOptions,
      bootstrapUpTo: Infinity,
    });
    const approximated = compareGroups('healthChange30', treated, holdout, defaultOutcomeOptions);
    expect(approximated.difference).toBe(bootstrap.difference);
    const [low, high] = bootstrap.interval95 ?? [0, 0];
    const tolerance = (high - low) * 0.06;
    expect(Math.abs((approximated.interval95?.[0] ?? 0) - low)).toBeLessThan(tolerance);
    expect(Math.abs((approximated.interval95?.[1] ?? 0) - high)).toBeLessThan(tolerance);
    expect(approximated.conclusion).toBe(bootstrap.conclusion);
  });

  it('keeps the bootstrap, draw for draw, for groups up to the limit', () => {
    const treated = values(400, 7, points(3));
    const holdout = values(60, 8, points(0));
    expect(compareGroups('healthChange30', treated, holdout, defaultOutcomeOptions)).toEqual(
      compareGroups('healthChange30', treated, holdout, { ...defaultOutcomeOptions, bootstrapUpTo: Infinity }),
    );
  });
});
