import { describe, expect, it } from 'vitest';
import { companyHealthCardPayloadSchema, type CompanyHealthCardPayload } from '../../extensions/app/cards/shared/card-payload';

const minimal: CompanyHealthCardPayload = {
  version: 1,
  asOf: '2026-03-31',
  company: { id: '9876543210', name: 'Acme KK' },
  mrr: { amountMinor: 500_000, currency: 'JPY' },
  arr: { amountMinor: 6_000_000, currency: 'JPY' },
  renewalDate: null,
};

function issuePaths(payload: unknown): string[] {
  const result = companyHealthCardPayloadSchema.safeParse(payload);
  return result.success ? [] : result.error.issues.map((issue) => issue.path.join('.'));
}

describe('company health card payload', () => {
  it.each<[string, CompanyHealthCardPayload]>([
    ['the minimal payload (no health, no stage, no contract)', minimal],
    [
      'a full payload',
      { ...minimal, renewalDate: '2027-02-28', health: { score: 72, band: 'green' }, lifecycleStage: 'introduction' },
    ],
    ['a company with no revenue', { ...minimal, mrr: { amountMinor: 0, currency: 'USD' }, arr: { amountMinor: 0, currency: 'USD' } }],
  ])('accepts %s', (_case, payload) => {
    expect(companyHealthCardPayloadSchema.parse(payload)).toEqual(payload);
  });

  it.each<[string, unknown, string]>([
    ['money in fractional units', { ...minimal, mrr: { amountMinor: 4999.5, currency: 'JPY' } }, 'mrr.amountMinor'],
    ['negative MRR', { ...minimal, mrr: { amountMinor: -1, currency: 'JPY' } }, 'mrr.amountMinor'],
    ['a lower-case currency', { ...minimal, arr: { amountMinor: 1, currency: 'jpy' } }, 'arr.currency'],
    ['MRR and ARR in different currencies', { ...minimal, arr: { amountMinor: 6_000_000, currency: 'USD' } }, 'arr.currency'],
    ['a renewal date that does not exist', { ...minimal, renewalDate: '2027-02-30' }, 'renewalDate'],
    ['a renewal instant instead of a date', { ...minimal, renewalDate: '2027-02-28T00:00:00Z' }, 'renewalDate'],
    ['a month 13', { ...minimal, asOf: '2026-13-01' }, 'asOf'],
    ['a score above 100', { ...minimal, health: { score: 101, band: 'green' } }, 'health.score'],
    ['a fractional score', { ...minimal, health: { score: 70.5, band: 'green' } }, 'health.score'],
    ['an unknown band', { ...minimal, health: { score: 50, band: 'amber' } }, 'health.band'],
    ['an unknown stage', { ...minimal, lifecycleStage: 'onboarding' }, 'lifecycleStage'],
    ['a non-numeric company id', { ...minimal, company: { id: 'acme', name: 'Acme' } }, 'company.id'],
    ['another payload version', { ...minimal, version: 2 }, 'version'],
    ['an unknown field', { ...minimal, churnRisk: 'high' }, ''],
  ])('rejects %s', (_case, payload, path) => {
    expect(issuePaths(payload)).toContain(path);
  });
});
