import { describe, expect, it } from 'vitest';
import {
  areaUnderCurve,
  brierScore,
  calibrationTable,
  topDecileLift,
  type Scored,
} from '../../../src/domain/risk/prediction-metrics';

const scored = (pairs: readonly [number, boolean][]): Scored[] =>
  pairs.map(([probability, churned]) => ({ probability, churned }));

describe('prediction metrics', () => {
  it.each<[string, [number, boolean][], number | null]>([
    [
      'perfect ranking',
      [
        [0.1, false],
        [0.2, false],
        [0.8, true],
        [0.9, true],
      ],
      1,
    ],
    [
      'inverted ranking',
      [
        [0.9, false],
        [0.8, false],
        [0.2, true],
        [0.1, true],
      ],
      0,
    ],
    [
      'all tied',
      [
        [0.5, false],
        [0.5, true],
        [0.5, false],
        [0.5, true],
      ],
      0.5,
    ],
    [
      'one misordered pair of four',
      [
        [0.1, false],
        [0.3, true],
        [0.4, false],
        [0.9, true],
      ],
      0.75,
    ],
    [
      'one class only',
      [
        [0.1, false],
        [0.9, false],
      ],
      null,
    ],
  ])('AUC: %s', (_name, pairs, expected) => {
    expect(areaUnderCurve(scored(pairs))).toBe(expected);
  });

  it('top-decile lift: churn rate of the riskiest tenth over the base rate', () => {
    // 20 renewals, 4 churned (20%); the top 2 by risk both churned (100%): lift 5.
    const pairs: [number, boolean][] = Array.from({ length: 20 }, (_, index) => [
      index / 20,
      index >= 18 || index === 3 || index === 7,
    ]);
    expect(topDecileLift(scored(pairs))).toBe(5);
    expect(topDecileLift(scored([[0.5, false]]))).toBeNull();
  });

  it('Brier score', () => {
    expect(
      brierScore(
        scored([
          [1, true],
          [0, false],
        ]),
      ),
    ).toBe(0);
    expect(
      brierScore(
        scored([
          [0.5, true],
          [0.5, false],
        ]),
      ),
    ).toBe(0.25);
    expect(brierScore([])).toBeNull();
  });

  it('calibration: ten equal groups by prediction with the observed rate', () => {
    const pairs: [number, boolean][] = Array.from({ length: 100 }, (_, index) => [
      Math.floor(index / 10) / 10,
      index % 10 < Math.floor(index / 10),
    ]);
    const table = calibrationTable(scored(pairs));
    expect(table).toHaveLength(10);
    table.forEach((row, index) => {
      expect(row).toMatchObject({ decile: index + 1, observed: index / 10, count: 10 });
      expect(row.predicted).toBeCloseTo(index / 10, 12);
    });
  });
});
