import { describe, expect, it } from 'vitest';
import {
  convertMinorUnits,
  exchangeRateSchema,
  minorUnitDigits,
  rateInForce,
} from '../../../src/domain/contracts/currency';
import { ratesInUse } from '../../../src/domain/contracts/currency-settings';
import { dealToContract } from '../../../src/domain/contracts/deal-to-contract';

const rates = [
  { fromCurrency: 'USD', effectiveAt: '2025-07-01T00:00:00.000Z', rate: '0.85' },
  { fromCurrency: 'USD', effectiveAt: '2025-01-01T00:00:00.000Z', rate: '0.92' },
  { fromCurrency: 'JPY', effectiveAt: '2025-01-01T00:00:00.000Z', rate: '0.0061' },
];

describe('currency conversion', () => {
  it('knows each currency minor unit', () => {
    expect([minorUnitDigits('USD'), minorUnitDigits('JPY'), minorUnitDigits('KWD')]).toEqual([2, 0, 3]);
  });

  it('converts exactly between minor units and rounds half away from zero once', () => {
    // 1,234.57 USD x 0.92 = 1,135.8044 EUR -> 1,135.80
    expect(convertMinorUnits(123_457, 2, 2, '0.92')).toBe(113_580);
    // 10.01 USD x 0.85 = 8.5085 EUR -> 8.51 (half up on the third decimal)
    expect(convertMinorUnits(1_001, 2, 2, '0.85')).toBe(851);
    // 150,000 JPY (no minor unit) x 0.0061 = 915.00 EUR
    expect(convertMinorUnits(150_000, 0, 2, '0.0061')).toBe(91_500);
    // 99.99 EUR x 161.234567 = 16,121.845... JPY -> 16,122
    expect(convertMinorUnits(9_999, 2, 0, '161.234567')).toBe(16_122);
    // 1.000 KWD x 3.25 = 3.25 USD
    expect(convertMinorUnits(1_000, 3, 2, '3.25')).toBe(325);
  });

  it('takes the rate in force when the deal closed, the first rate before it, none for an unknown currency', () => {
    expect(rateInForce(rates, 'USD', '2025-03-15T10:00:00Z')?.rate).toBe('0.92');
    expect(rateInForce(rates, 'USD', '2025-07-01T00:00:00Z')?.rate).toBe('0.85');
    expect(rateInForce(rates, 'USD', '2024-11-20T00:00:00Z')?.rate).toBe('0.92');
    expect(rateInForce(rates, 'GBP', '2025-03-15T10:00:00Z')).toBeUndefined();
  });

  it("prefers HubSpot's rates for a currency and fills the others from the portal's settings", () => {
    const manual = [
      { fromCurrency: 'USD', effectiveAt: '2024-01-01T00:00:00.000Z', rate: '0.5' },
      { fromCurrency: 'GBP', effectiveAt: '2024-01-01T00:00:00.000Z', rate: '1.17' },
    ];
    expect(ratesInUse(rates, manual).map((rate) => `${rate.fromCurrency} ${rate.rate}`)).toEqual([
      'USD 0.85',
      'USD 0.92',
      'JPY 0.0061',
      'GBP 1.17',
    ]);
  });

  it('refuses rates HubSpot would refuse, naming the field', () => {
    const refused = exchangeRateSchema.safeParse({ fromCurrency: 'usd', effectiveAt: 'yesterday', rate: '1.1234567' });
    expect(refused.success).toBe(false);
    expect([...new Set(refused.error?.issues.map((issue) => issue.path.join('.')))].sort()).toEqual([
      'effectiveAt',
      'fromCurrency',
      'rate',
    ]);
  });

  it("derives a deal's contract in the company currency, and says why when no rate converts it", () => {
    const deal = (properties: Record<string, string>) => ({
      id: '5002',
      companyIds: ['4002'],
      properties: { dealstage: 'closedwon', closedate: '2025-03-15T12:00:00Z', cs_term_months: '24', ...properties },
    });
    const options = { timeZone: 'UTC', closedWonStageIds: ['closedwon'], currency: 'EUR', exchangeRates: rates };
    const converted = dealToContract(deal({ cs_mrr: '1234.57', deal_currency_code: 'USD' }), options);
    expect(converted).toMatchObject({ isContract: true, contract: { mrrMinor: 113_580 } });
    const inCompanyCurrency = dealToContract(deal({ cs_mrr: '1234.57', deal_currency_code: 'EUR' }), options);
    expect(inCompanyCurrency).toMatchObject({ isContract: true, contract: { mrrMinor: 123_457 } });
    // amount / 12 is taken in yen (no minor unit) before the conversion: 1,800,000 / 12 = 150,000 JPY -> 915.00 EUR
    const yen = dealToContract(deal({ amount: '1800000', deal_currency_code: 'JPY', cs_term_months: '' }), options);
    expect(yen).toMatchObject({ isContract: true, contract: { mrrMinor: 91_500 } });
    expect(dealToContract(deal({ cs_mrr: '10', deal_currency_code: 'GBP' }), options)).toMatchObject({
      isContract: false,
      reason: 'no-exchange-rate',
      detail: 'the deal is in GBP and the portal has no exchange rate from GBP to EUR',
    });
  });
});
