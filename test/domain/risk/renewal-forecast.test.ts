import { describe, expect, it } from 'vitest';
import { healthSettingsSchema } from '../../../src/domain/health/health-settings';
import type { CompanyHistory } from '../../../src/domain/risk/company-history';
import { renewalForecast, type ForecastOptions, type RenewalForecast } from '../../../src/domain/risk/renewal-forecast';
import { generateChurnHistories } from '../../../src/cli/churn-history';
import { riskSettingsSchema } from '../../../src/domain/risk/risk-settings';

const settings = riskSettingsSchema.parse({});
const options: ForecastOptions = {
  leadDays: 90,
  backtest: settings.backtest,
  renewal: settings.renewal,
  healthSettings: healthSettingsSchema.parse({}),
  coreFeaturesAvailable: null,
};
const asOf = '2026-11-01';

/** Only what existed on `day`. */
function asKnownOn(history: CompanyHistory, day: string): CompanyHistory {
  return {
    ...history,
    contracts: history.contracts.filter((contract) => contract.closeDate <= day),
    usageDays: history.usageDays.filter((usage) => usage.day <= day),
    surveys: history.surveys.filter((survey) => survey.submittedOn <= day),
    milestones: history.milestones.map((milestone) => ({
      ...milestone,
      doneOn: milestone.doneOn !== null && milestone.doneOn <= day ? milestone.doneOn : null,
    })),
  };
}

describe('renewal forecast for a quarter', () => {
  const histories = generateChurnHistories({ asOf, companies: 1_500, seed: 11 });

  it('a past quarter on the demo: the actual renewed MRR falls within the stated interval', () => {
    for (const [first, last] of [
      ['2025-10-01', '2025-12-31'],
      ['2026-04-01', '2026-06-30'],
    ] as const) {
      const forecast = renewalForecast(histories, first, last, asOf, options);
      expect(forecast.method).toBe('model');
      expect(forecast.renewals).toBeGreaterThan(100);
      expect(forecast.atRiskMinor).toBe(forecast.amountUpMinor - forecast.expectedRenewedMinor);
      expect(forecast.intervalMinor[0]).toBeLessThan(forecast.expectedRenewedMinor);
      expect(forecast.withinInterval).toBe(true);
      expect(forecast.errorMinor).toBe((forecast.actualRenewedMinor ?? 0) - forecast.expectedRenewedMinor);
    }
  }, 60_000);

  it('uses nothing dated after the day before the quarter', () => {
    const full = renewalForecast(histories, '2026-01-01', '2026-03-31', asOf, options);
    const known = renewalForecast(
      histories.map((history) => asKnownOn(history, '2025-12-31')),
      '2026-01-01',
      '2026-03-31',
      asOf,
      options,
    );
    const withoutOutcomes = (forecast: RenewalForecast) => ({
      ...forecast,
      actualRenewedMinor: null,
      errorMinor: null,
      withinInterval: null,
      predictions: forecast.predictions.map((prediction) => ({ ...prediction, churned: null })),
    });
    expect(withoutOutcomes(known)).toEqual(withoutOutcomes(full));
  }, 60_000);

  it('an open quarter has no actual yet', () => {
    const forecast = renewalForecast(histories, '2026-10-01', '2026-12-31', asOf, options);
    expect(forecast).toMatchObject({ actualRenewedMinor: null, errorMinor: null, withinInterval: null });
  }, 60_000);
});
