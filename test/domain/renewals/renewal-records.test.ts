import { describe, expect, it } from 'vitest';
import type { Contract } from '../../../src/domain/contracts/contract-schema';
import { renewalRecords, type RenewalOutcome } from '../../../src/domain/renewals/renewal-records';

function contract(dealId: string, fields: Partial<Contract> & Pick<Contract, 'startDate' | 'endDate'>): Contract {
  return {
    dealId,
    companyId: 'c1',
    kind: 'renewal',
    product: 'core',
    mrrMinor: 10_000,
    seats: 10,
    closeDate: fields.startDate,
    ...fields,
  };
}

const first = contract('d1', { kind: 'new', startDate: '2025-01-01', endDate: '2026-01-01', closeDate: '2024-12-20' });

describe('renewalRecords outcome (domain §1.1 kinds, §3 movements)', () => {
  it.each<[string, Contract[], string, RenewalOutcome, number]>([
    [
      'same amount renewed',
      [first, contract('d2', { startDate: '2026-01-01', endDate: '2027-01-01', closeDate: '2025-12-15' })],
      '2026-03-01',
      'renewed',
      10_000,
    ],
    [
      'more renewed',
      [first, contract('d2', { startDate: '2026-01-01', endDate: '2027-01-01', mrrMinor: 12_000 })],
      '2026-03-01',
      'expanded',
      12_000,
    ],
    [
      'downgrade',
      [first, contract('d2', { kind: 'downgrade', startDate: '2026-01-01', endDate: '2027-01-01', mrrMinor: 7_000 })],
      '2026-03-01',
      'contracted',
      7_000,
    ],
    ['nothing follows after the grace period', [first], '2026-01-31', 'churned', 0],
    ['nothing follows yet, grace running', [first], '2026-01-30', 'pending', 0],
    [
      'late signature inside the grace period',
      [first, contract('d2', { startDate: '2026-01-20', endDate: '2027-01-20', closeDate: '2026-01-20' })],
      '2026-03-01',
      'renewed',
      10_000,
    ],
    [
      'signature after the grace period is a win-back, not a renewal',
      [first, contract('d2', { kind: 'new', startDate: '2026-02-15', endDate: '2027-02-15' })],
      '2026-03-01',
      'churned',
      0,
    ],
    [
      'early renewal',
      [first, contract('d2', { startDate: '2025-12-10', endDate: '2026-12-10', closeDate: '2025-12-01' })],
      '2026-03-01',
      'renewed',
      10_000,
    ],
  ])('%s', (_name, contracts, asOf, outcome, renewed) => {
    const [record] = renewalRecords(contracts, asOf);
    expect(record).toMatchObject({
      renewalDate: '2026-01-01',
      dealIds: ['d1'],
      amountMinor: 10_000,
      outcome,
      renewedAmountMinor: renewed,
    });
  });

  it('renews co-termed contracts together and ignores a mid-term upsell as a successor', () => {
    const upsell = contract('u1', { kind: 'upsell', startDate: '2025-12-15', endDate: '2026-06-01', mrrMinor: 2_000 });
    const coTermed = contract('u0', {
      kind: 'upsell',
      startDate: '2025-06-01',
      endDate: '2026-01-01',
      mrrMinor: 3_000,
    });
    const renewal = contract('d2', { startDate: '2026-01-01', endDate: '2027-01-01', mrrMinor: 13_000 });
    const records = renewalRecords([first, coTermed, upsell, renewal], '2026-03-01');
    expect(records[0]).toMatchObject({
      renewalDate: '2026-01-01',
      dealIds: ['d1', 'u0'],
      amountMinor: 13_000,
      successorDealIds: ['d2'],
      outcome: 'renewed',
    });
  });

  it('a lost product line while the company stays a customer is contraction, not churn', () => {
    const core = contract('d1', { startDate: '2025-01-01', endDate: '2027-01-01' });
    const addOn = contract('x1', {
      kind: 'cross_sell',
      product: 'analytics',
      startDate: '2025-01-01',
      endDate: '2026-01-01',
      mrrMinor: 4_000,
    });
    const [record] = renewalRecords([core, addOn], '2026-03-01');
    expect(record).toMatchObject({
      dealIds: ['x1'],
      outcome: 'contracted',
      renewedAmountMinor: 0,
      decidedOn: '2026-01-31',
    });
  });

  it('knows only contracts closed on or before the as-of date', () => {
    const renewal = contract('d2', { startDate: '2026-01-01', endDate: '2027-01-01', closeDate: '2025-12-15' });
    expect(renewalRecords([first, renewal], '2025-12-14').map((record) => record.outcome)).toEqual(['pending']);
    expect(
      renewalRecords([first, renewal], '2025-12-15').map((record) => [record.renewalDate, record.outcome]),
    ).toEqual([
      ['2026-01-01', 'renewed'],
      ['2027-01-01', 'pending'],
    ]);
  });

  it('the outcome is decided on the successor close date', () => {
    const renewal = contract('d2', { startDate: '2026-01-01', endDate: '2027-01-01', closeDate: '2025-12-15' });
    expect(renewalRecords([first, renewal], '2026-03-01')[0]?.decidedOn).toBe('2025-12-15');
  });
});
