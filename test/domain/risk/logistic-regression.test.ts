import { describe, expect, it } from 'vitest';
import { fitLogisticRegression, linearScore, sigmoid } from '../../../src/domain/risk/logistic-regression';

function lcg(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

describe('L2 logistic regression', () => {
  it('recovers known coefficients from a large simulated sample', () => {
    const random = lcg(7);
    const truth = { intercept: -1, coefficients: [1.5, -0.8, 0] };
    const rows: number[][] = [];
    const labels: number[] = [];
    for (let index = 0; index < 20_000; index += 1) {
      // Box-Muller normals: standardized columns, as the model feeds them.
      const row = [0, 1, 2].map(() => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random()));
      rows.push(row);
      labels.push(random() < sigmoid(linearScore(truth, row)) ? 1 : 0);
    }
    const fit = fitLogisticRegression(rows, labels, { l2: 1 });
    expect(fit.converged).toBe(true);
    expect(fit.intercept).toBeCloseTo(-1, 1);
    expect(fit.coefficients[0]).toBeCloseTo(1.5, 1);
    expect(fit.coefficients[1]).toBeCloseTo(-0.8, 1);
    expect(Math.abs(fit.coefficients[2] ?? 1)).toBeLessThan(0.05);
  });

  it('stays finite on separable data thanks to the penalty, and a larger penalty shrinks more', () => {
    const rows = [[-2], [-1], [1], [2]];
    const labels = [0, 0, 1, 1];
    const light = fitLogisticRegression(rows, labels, { l2: 0.1 });
    const heavy = fitLogisticRegression(rows, labels, { l2: 10 });
    expect(light.converged).toBe(true);
    expect(Number.isFinite(light.coefficients[0])).toBe(true);
    expect(light.coefficients[0]).toBeGreaterThan(heavy.coefficients[0] ?? Infinity);
    expect(heavy.coefficients[0]).toBeGreaterThan(0);
  });

  it('with no signal the intercept is the log-odds of the base rate', () => {
    const rows = Array.from({ length: 100 }, () => [0]);
    const labels = Array.from({ length: 100 }, (_, index) => (index < 20 ? 1 : 0));
    expect(sigmoid(fitLogisticRegression(rows, labels).intercept)).toBeCloseTo(0.2, 6);
  });

  it('matches a reference fit on a small sample', () => {
    // Unpenalized maximum likelihood on this sample: logit p = -4.077713 + 1.504645 x (R glm, binomial).
    const hours = [0.5, 0.75, 1, 1.25, 1.5, 1.75, 1.75, 2, 2.25, 2.5, 2.75, 3, 3.25, 3.5, 4, 4.25, 4.5, 4.75, 5, 5.5];
    const passed = [0, 0, 0, 0, 0, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 1, 1, 1, 1, 1];
    const fit = fitLogisticRegression(
      hours.map((value) => [value]),
      passed,
      { l2: 0 },
    );
    expect(fit.converged).toBe(true);
    expect(fit.intercept).toBeCloseTo(-4.077713, 4);
    expect(fit.coefficients[0]).toBeCloseTo(1.504645, 4);
  });

  it('without a penalty, a column that never varies leaves the Newton step unsolvable', () => {
    expect(() => fitLogisticRegression([[0], [0], [0]], [0, 1, 0], { l2: 0 })).toThrow(/singular system/);
  });

  it('refuses an empty or mismatched sample', () => {
    expect(() => fitLogisticRegression([], [])).toThrow(/at least one/);
    expect(() => fitLogisticRegression([[1]], [1, 0])).toThrow(/as many labels/);
  });
});
