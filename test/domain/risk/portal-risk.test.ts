import { describe, expect, it } from 'vitest';
import { healthSettingsSchema } from '../../../src/domain/health/health-settings';
import { backtestSettingsSchema, runBacktest } from '../../../src/domain/risk/backtest';
import { companyRisk, portalPredictor } from '../../../src/domain/risk/portal-risk';
import { renewalExamples } from '../../../src/domain/risk/renewal-examples';
import { generateChurnHistories } from '../../../src/cli/churn-history';

const asOf = '2026-11-01';
const healthSettings = healthSettingsSchema.parse({});
const settings = backtestSettingsSchema.parse({});

function predictorOf(options: Parameters<typeof generateChurnHistories>[0]) {
  const histories = generateChurnHistories({ asOf, ...options });
  const examples = renewalExamples(histories, { asOf, leadDays: 90, healthSettings, coreFeaturesAvailable: null });
  return { histories, predictor: portalPredictor(examples, runBacktest(examples, asOf, settings), asOf, settings) };
}

describe('which predictor a portal uses today', () => {
  it('its own model when the backtest shows skill and beats the health score; each risk comes with drivers', () => {
    const { histories, predictor } = predictorOf({ companies: 1_500 });
    expect(predictor).toMatchObject({ method: 'model', reason: expect.stringMatching(/beats the health score/) });
    const customer = histories.find((history) =>
      history.contracts.some((contract) => contract.startDate <= asOf && asOf < contract.endDate),
    );
    if (customer === undefined) throw new Error('no current customer generated');
    const risk = companyRisk(customer, asOf, predictor, healthSettings, null);
    expect(risk.churnProbability).toBeGreaterThan(0);
    expect(risk.churnProbability).toBeLessThan(1);
    expect(risk.drivers.length).toBeGreaterThan(0);
  }, 60_000);

  it('the health score, saying why, when churn is random', () => {
    const { histories, predictor } = predictorOf({ companies: 800, process: { kind: 'random' } });
    expect(predictor.method).toBe('health-score');
    expect(predictor.reason).toMatch(/not distinguishable from chance.*the health score is used$/);
    const [first] = histories;
    if (first === undefined) throw new Error('no history generated');
    const risk = companyRisk(first, asOf, predictor, healthSettings, null);
    expect(risk).toMatchObject({ method: 'health-score', churnProbability: null, drivers: [] });
  }, 60_000);

  it('the health score below the minimum number of renewals', () => {
    const { predictor } = predictorOf({ companies: 10 });
    expect(predictor).toEqual({ method: 'health-score', reason: expect.stringMatching(/^only \d+ past renewals/) });
  });
});
