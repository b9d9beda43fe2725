import { describe, expect, it } from 'vitest';
import { generateChurnHistories } from '../../src/cli/churn-history';
import { riskSettingsSchema } from '../../src/domain/risk/risk-settings';
import { backtestReportSchema, buildBacktestReport } from '../../src/services/risk/backtest-report';

const asOf = '2026-11-01';

describe('risk backtest on generated portfolios with a known churn process (issue 21 acceptance)', () => {
  it('finds the feature-driven churn: AUC >= 0.75, top-decile lift >= 3, calibrated within 5 points, better than the health score', () => {
    const report = backtestReportSchema.parse(buildBacktestReport(generateChurnHistories({ asOf, seed: 42 }), asOf));
    expect(report.method).toBe('model');
    expect(report.renewals).toBeGreaterThan(3_000);
    expect(report.auc).toBeGreaterThanOrEqual(0.75);
    expect(report.topDecileLift).toBeGreaterThanOrEqual(3);
    expect(report.calibration).toHaveLength(10);
    for (const row of report.calibration) expect(Math.abs(row.predicted - row.observed)).toBeLessThanOrEqual(0.05);
    expect(report.auc ?? 0).toBeGreaterThan(report.baseline.auc ?? 1);
    expect(report.skill).toBe(true);
    expect(report.reason).toMatch(/beats the health score/);
    // The rolling split: every fold trains on earlier renewals only, and the first folds on fewer than the last.
    expect(report.folds.length).toBeGreaterThan(4);
    expect(report.folds[0]?.trainedOn).toBeLessThan(report.folds.at(-1)?.trainedOn ?? 0);
  }, 60_000);

  it('on random churn it reports an AUC near 0.5 and claims no skill', () => {
    const report = buildBacktestReport(generateChurnHistories({ asOf, seed: 42, process: { kind: 'random' } }), asOf);
    expect(Math.abs((report.auc ?? 0) - 0.5)).toBeLessThan(0.05);
    expect(report.aucInterval?.[0]).toBeLessThanOrEqual(0.5);
    expect(report.skill).toBe(false);
    expect(report.reason).toMatch(/not distinguishable from chance/);
  }, 60_000);

  it('below the minimum number of past renewals it uses the health score and says why', () => {
    const report = buildBacktestReport(
      generateChurnHistories({ asOf, companies: 20 }),
      asOf,
      riskSettingsSchema.parse({ backtest: { minimumRenewals: 50 } }),
    );
    expect(report.method).toBe('health-score');
    expect(report.skill).toBe(false);
    expect(report.reason).toMatch(
      /^only \d+ past renewals with a known outcome; a model needs at least 50, so the health score is used$/,
    );
    expect(report.auc).toBeNull();
    expect(report.baseline.auc).not.toBeNull();
  });
});
