import { describe, expect, it } from 'vitest';
import { kpiValueSchema, median, noValue, ratio, roundForDisplay } from '../../../src/domain/kpi/kpi-value';

describe('KPI values', () => {
  it('an empty denominator is no value with the reason, never 0, NaN or Infinity', () => {
    expect(ratio(5, 0, 'percent', 'nobody to divide by')).toEqual({
      kind: 'none',
      unit: 'percent',
      value: null,
      reason: 'nobody to divide by',
    });
  });

  it('keeps the exact numerator and denominator', () => {
    expect(ratio(1, 3, 'percent', 'x')).toEqual({
      kind: 'ratio',
      unit: 'percent',
      value: 100 / 3,
      numerator: 1,
      denominator: 3,
      scale: 100,
    });
    expect(ratio(7, 2, 'score', 'x').value).toBe(3.5);
  });

  it.each([
    [ratio(1, 3, 'percent', 'x'), 2, 33.33],
    [ratio(2, 3, 'percent', 'x'), 2, 66.67],
    [ratio(1, 8, 'percent', 'x'), 1, 12.5],
    [ratio(1, 16, 'percent', 'x'), 2, 6.25],
    [ratio(1, 32, 'percent', 'x'), 2, 3.13],
    [ratio(-1, 32, 'percent', 'x'), 2, -3.13],
    [ratio(1005, 1000, 'score', 'x'), 2, 1.01],
    [ratio(-1, 3, 'score', 'x', 100), 0, -33],
    [noValue('percent', 'x'), 2, null],
  ])('roundForDisplay(%j, %i) = %s', (kpi, digits, expected) => {
    expect(roundForDisplay(kpi, digits)).toBe(expected);
  });

  it('medians are exact ratios', () => {
    expect(median([3, 1, 2], 'days', 'x')).toMatchObject({ value: 2, numerator: 2, denominator: 1 });
    expect(median([4, 1, 2, 3], 'days', 'x')).toMatchObject({ value: 2.5, numerator: 5, denominator: 2 });
    expect(median([90_000, 30_000], 'minutes', 'x', 60_000).value).toBe(1);
    expect(median([], 'days', 'empty').value).toBeNull();
  });

  it('every value passes its schema', () => {
    for (const kpi of [ratio(1, 3, 'percent', 'x'), noValue('days', 'x'), median([1, 2], 'days', 'x')]) {
      expect(kpiValueSchema.parse(kpi)).toEqual(kpi);
    }
  });

  it('refuses non-integer inputs rather than hiding float error', () => {
    expect(() => ratio(0.1, 3, 'percent', 'x')).toThrow(RangeError);
  });
});
