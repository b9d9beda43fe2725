import { describe, expect, it } from 'vitest';
import { addMonths, instantAt } from '../../src/sandbox/demo/calendar';
import { centsToDecimalString } from '../../src/sandbox/demo/money';
import { createRandom } from '../../src/sandbox/demo/random';

describe('createRandom', () => {
  it('repeats its sequence for a seed and differs across seeds', () => {
    const draw = (seed: number) => {
      const random = createRandom(seed);
      return Array.from({ length: 5 }, () => random.next());
    };
    expect(draw(42)).toEqual(draw(42));
    expect(draw(42)).not.toEqual(draw(43));
  });

  it('keeps integers within inclusive bounds and reaches both ends', () => {
    const random = createRandom(1);
    const seen = new Set(Array.from({ length: 2_000 }, () => random.integer(3, 7)));
    expect([...seen].sort()).toEqual([3, 4, 5, 6, 7]);
  });

  it('forks independent, reproducible streams', () => {
    const first = createRandom(9).fork('usage');
    const second = createRandom(9).fork('usage');
    expect(first.next()).toBe(second.next());
    expect(createRandom(9).fork('surveys').next()).not.toBe(createRandom(9).fork('usage').next());
  });

  it('shuffles to a permutation', () => {
    expect(createRandom(5).shuffle([1, 2, 3, 4, 5, 6]).sort()).toEqual([1, 2, 3, 4, 5, 6]);
  });
});

describe('calendar helpers', () => {
  it.each([
    ['2026-01-31', 1, '2026-02-28'],
    ['2024-01-31', 1, '2024-02-29'],
    ['2026-03-15', 12, '2027-03-15'],
    ['2026-11-01', -36, '2023-11-01'],
    ['2025-08-31', 6, '2026-02-28'],
  ])('addMonths(%s, %i) = %s', (date, months, expected) => {
    expect(addMonths(date, months)).toBe(expected);
  });

  it.each([
    [0, '2026-06-02T00:00:00Z'],
    [3_723, '2026-06-02T01:02:03Z'],
    [86_399, '2026-06-02T23:59:59Z'],
    [86_400, '2026-06-03T00:00:00Z'],
  ])('instantAt(2026-06-02, %i) = %s', (seconds, expected) => {
    expect(instantAt('2026-06-02', seconds)).toBe(expected);
  });
});

describe('centsToDecimalString', () => {
  it.each([
    [120_000, '1200'],
    [123_450, '1234.50'],
    [102_881, '1028.81'],
    [5, '0.05'],
  ])('%i cents is "%s"', (cents, expected) => {
    expect(centsToDecimalString(cents)).toBe(expected);
  });
});
