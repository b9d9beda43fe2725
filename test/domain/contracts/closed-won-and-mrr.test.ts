import { describe, expect, it } from 'vitest';
import { closedWonStageIds, isClosedWonStage } from '../../../src/domain/contracts/closed-won';
import {
  companyMrrOnDay,
  customersOnDay,
  isCustomerOnDay,
  mrrByCompanyOnDay,
} from '../../../src/domain/contracts/company-mrr';
import type { Contract } from '../../../src/domain/contracts/contract-schema';

describe('isClosedWonStage', () => {
  it.each([
    [{ isClosed: 'true', probability: '1.0' }, true],
    [{ isClosed: 'true', probability: '1' }, true],
    [{ isClosed: 'TRUE', probability: '1.0' }, true],
    [{ isClosed: 'true', probability: '0.0' }, false],
    [{ isClosed: 'false', probability: '1.0' }, false],
    [{ isClosed: 'true' }, false],
    [{ isClosed: 'true', probability: '' }, false],
    [{ probability: '1.0' }, false],
  ])('%j -> %s', (metadata, expected) => {
    expect(isClosedWonStage(metadata)).toBe(expected);
  });

  it('collects closed-won stage ids across pipelines', () => {
    const pipelines = [
      {
        stages: [
          { id: 'appointmentscheduled', metadata: { isClosed: 'false', probability: '0.2' } },
          { id: 'closedwon', metadata: { isClosed: 'true', probability: '1.0' } },
          { id: 'closedlost', metadata: { isClosed: 'true', probability: '0.0' } },
        ],
      },
      { stages: [{ id: '1234', metadata: { isClosed: 'true', probability: '1.0' } }] },
    ];
    expect(closedWonStageIds(pipelines)).toEqual(['closedwon', '1234']);
  });
});

function contract(companyId: string, mrrMinor: number, startDate: string, endDate: string): Contract {
  return {
    dealId: `${companyId}-${startDate}`,
    companyId,
    kind: 'new',
    product: 'core',
    mrrMinor,
    startDate,
    endDate,
    seats: null,
    closeDate: startDate,
  };
}

describe('company MRR on a day', () => {
  const contracts = [
    contract('a', 10_000, '2026-01-01', '2026-04-01'),
    contract('a', 5_000, '2026-03-15', '2026-06-01'),
    contract('b', 0, '2026-01-01', '2027-01-01'),
    contract('c', 700, '2026-03-31', '2026-04-01'),
  ];

  it.each([
    ['2025-12-31', 0],
    ['2026-01-01', 10_000],
    ['2026-03-14', 10_000],
    ['2026-03-15', 15_000],
    ['2026-03-31', 15_000],
    ['2026-04-01', 5_000],
    ['2026-06-01', 0],
  ])('company a on %s is %i', (day, mrr) => {
    expect(
      companyMrrOnDay(
        contracts.filter((item) => item.companyId === 'a'),
        day,
      ),
    ).toBe(mrr);
  });

  it('a zero-priced contract does not make a customer', () => {
    expect(mrrByCompanyOnDay(contracts, '2026-02-01')).toEqual(
      new Map([
        ['a', 10_000],
        ['b', 0],
      ]),
    );
    expect(customersOnDay(contracts, '2026-02-01')).toEqual(new Set(['a']));
    expect(isCustomerOnDay(contracts, 'b', '2026-02-01')).toBe(false);
  });

  it('the end date is exclusive', () => {
    expect(customersOnDay(contracts, '2026-03-31')).toEqual(new Set(['a', 'c']));
    expect(isCustomerOnDay(contracts, 'c', '2026-04-01')).toBe(false);
  });
});
