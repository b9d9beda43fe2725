import { describe, expect, it } from 'vitest';
import { kpiSettingsSchema } from '../../../src/domain/kpi/kpi-settings';
import { purchaseLifetimeValue, saasLifetimeValue } from '../../../src/domain/kpi/lifetime-value';
import { mrrMovements } from '../../../src/domain/kpi/mrr-movements';
import { monthPeriod, quarterPeriod } from '../../../src/domain/time/periods';
import { contract, marchContracts } from './kpi-fixtures';

describe('LTV, seed 000 form', () => {
  it('seed example: 500,000 yen x 50% x 12 x 3 years - 3,000,000 = 6,000,000 yen', () => {
    const ltv = purchaseLifetimeValue({
      averagePurchasePriceMinor: 500_000,
      grossMarginPercent: 50,
      purchasesPerYear: 12,
      expectedYears: 3,
      customerAcquisitionCostMinor: 3_000_000,
    });
    expect(ltv).toEqual({ kind: 'quantity', unit: 'minor-units', value: 6_000_000 });
  });

  it.each([
    [
      'decimal factors stay exact: 333 x 33.3% x 1 x 1 = 110.889 -> 111',
      { averagePurchasePriceMinor: 333, grossMarginPercent: 33.3, purchasesPerYear: 1, expectedYears: 1 },
      111,
    ],
    [
      'fractional years: 1,000 x 10% x 12 x 2.5 = 3,000',
      { averagePurchasePriceMinor: 1_000, grossMarginPercent: 10, purchasesPerYear: 12, expectedYears: 2.5 },
      3_000,
    ],
    [
      'CAC larger than the value gives a negative LTV',
      {
        averagePurchasePriceMinor: 100,
        grossMarginPercent: 50,
        purchasesPerYear: 1,
        expectedYears: 1,
        customerAcquisitionCostMinor: 80,
      },
      -30,
    ],
  ])('%s', (_name, input, expected) => {
    expect(purchaseLifetimeValue(input).value).toBe(expected);
  });
});

describe('LTV, SaaS form', () => {
  const march = monthPeriod('2026-03');
  const movements = mrrMovements(marchContracts, march);
  const settings = (values: object) => kpiSettingsSchema.parse({ lifetimeValue: values }).lifetimeValue;

  it('ARPA x margin / revenue churn - CAC: 10,750 x 80% / (22,000 / 43,000) = 16,809.09 -> 16,809', () => {
    expect(saasLifetimeValue(movements, 4, march, settings({ grossMarginPercent: 80 }), 'first-day').value).toBe(
      16_809,
    );
    expect(
      saasLifetimeValue(
        movements,
        4,
        march,
        settings({ grossMarginPercent: 80, customerAcquisitionCostMinor: 5_000 }),
        'first-day',
      ).value,
    ).toBe(11_809);
  });

  it.each([
    ['gross margin not configured', movements, 4, march, {}, 'gross margin is not configured'],
    [
      'not a month',
      movements,
      4,
      quarterPeriod(2026, 1),
      { grossMarginPercent: 80 },
      'the SaaS lifetime value needs a monthly revenue churn rate: use a month period',
    ],
    [
      'no customers',
      mrrMovements([], march),
      0,
      march,
      { grossMarginPercent: 80 },
      'no customers at the end of the previous period',
    ],
    [
      'no revenue churn',
      mrrMovements([contract('A', 100, '2025-01-01', '2027-01-01')], march),
      1,
      march,
      { grossMarginPercent: 80 },
      'no revenue churn in the period, so the expected lifetime is unbounded',
    ],
  ])('no value when %s', (_name, input, customers, period, values, reason) => {
    expect(saasLifetimeValue(input, customers, period, settings(values), 'previous-day')).toEqual({
      kind: 'none',
      unit: 'minor-units',
      value: null,
      reason,
    });
  });

  it('rejects a gross margin with more than 2 decimals', () => {
    expect(kpiSettingsSchema.safeParse({ lifetimeValue: { grossMarginPercent: 72.555 } }).success).toBe(false);
    expect(kpiSettingsSchema.safeParse({ lifetimeValue: { grossMarginPercent: 72.55 } }).success).toBe(true);
  });
});
