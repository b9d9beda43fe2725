import { describe, expect, it } from 'vitest';
import {
  customerChurnRate,
  customerMovements,
  customerRetentionRate,
} from '../../../src/domain/kpi/customer-movements';
import { expansionDeals } from '../../../src/domain/kpi/expansion-deals';
import { roundForDisplay } from '../../../src/domain/kpi/kpi-value';
import {
  averageRevenuePerAccount,
  grossRevenueRetention,
  mrrMovements,
  netRevenueRetention,
  revenueChurnRate,
} from '../../../src/domain/kpi/mrr-movements';
import { monthPeriod, periodStartDay } from '../../../src/domain/time/periods';
import { contract, fraction, marchContracts } from './kpi-fixtures';

const march = monthPeriod('2026-03');

describe('customer movements in a hand-computed month', () => {
  const movements = customerMovements(marchContracts, march);

  it('finds S, E and the moves between them', () => {
    expect([...movements.start].sort()).toEqual(['A', 'B', 'C', 'D']);
    expect([...movements.end].sort()).toEqual(['A', 'C', 'D', 'E']);
    expect([...movements.added]).toEqual(['E']);
    expect([...movements.churned]).toEqual(['B']);
    expect([...movements.retained].sort()).toEqual(['A', 'C', 'D']);
    expect([...movements.joinedAndLeft]).toEqual(['F']);
  });

  it('churn 1/4 and retention 3/4 by default; the same-period churner counts only when configured', () => {
    expect(fraction(customerChurnRate(movements, false, 'first-day'))).toEqual([1, 4]);
    expect(customerChurnRate(movements, false, 'first-day').value).toBe(25);
    expect(fraction(customerRetentionRate(movements, 'first-day'))).toEqual([3, 4]);
    expect(fraction(customerChurnRate(movements, true, 'first-day'))).toEqual([2, 4]);
  });

  it('a customer that churns on the first day is not in S; one whose contract ends the day after the period is in E', () => {
    const edges = [contract('X', 100, '2025-01-01', '2026-03-01'), contract('Y', 100, '2025-01-01', '2026-04-01')];
    const result = customerMovements(edges, march);
    expect([...result.start]).toEqual(['Y']);
    expect([...result.end]).toEqual(['Y']);
  });

  it('a customer that leaves and comes back inside the period is retained', () => {
    const back = [contract('Z', 100, '2025-01-01', '2026-03-10'), contract('Z', 100, '2026-03-20', '2027-01-01')];
    const result = customerMovements(back, march);
    expect([...result.retained]).toEqual(['Z']);
    expect(result.churned.size + result.joinedAndLeft.size).toBe(0);
  });

  it('no customers where S is measured gives no rate, with the reason under that setting', () => {
    const result = customerMovements([contract('N', 100, '2026-03-05', '2027-01-01')], march);
    expect(customerChurnRate(result, false, 'first-day')).toEqual({
      kind: 'none',
      unit: 'percent',
      value: null,
      reason: 'no customers on the first day of the period',
    });
    expect(customerRetentionRate(result, 'first-day').value).toBeNull();
    const fromPreviousDay = customerMovements(
      [contract('N', 100, '2026-03-05', '2027-01-01')],
      march,
      periodStartDay(march, 'previous-day'),
    );
    expect(customerChurnRate(fromPreviousDay, false, 'previous-day')).toMatchObject({
      value: null,
      reason: 'no customers at the end of the previous period',
    });
    expect(customerRetentionRate(fromPreviousDay, 'previous-day')).toMatchObject({
      reason: 'no customers at the end of the previous period',
    });
  });
});

describe('MRR movements in a hand-computed month', () => {
  const movements = mrrMovements(marchContracts, march);

  it('computes the bridge', () => {
    expect(movements).toEqual({
      startMrr: 43_000,
      newMrr: 5_000,
      expansionMrr: 5_500,
      contractionMrr: 2_000,
      churnedMrr: 20_000,
      endMrr: 31_500,
    });
    const { startMrr, newMrr, expansionMrr, contractionMrr, churnedMrr, endMrr } = movements;
    expect(startMrr + newMrr + expansionMrr - contractionMrr - churnedMrr).toBe(endMrr);
  });

  it.each([
    ['NRR', netRevenueRetention, [26_500, 43_000], 61.63],
    ['GRR', grossRevenueRetention, [21_000, 43_000], 48.84],
    ['revenue churn', revenueChurnRate, [22_000, 43_000], 51.16],
  ] as const)('%s', (_name, formula, exact, display) => {
    const kpi = formula(movements, 'first-day');
    expect(fraction(kpi)).toEqual(exact);
    expect(roundForDisplay(kpi)).toBe(display);
  });

  it('ARPA is start MRR over abs(S)', () => {
    expect(averageRevenuePerAccount(movements, 4, 'first-day').value).toBe(10_750);
  });

  it.each([
    ['first-day', 'no MRR on the first day of the period'],
    ['previous-day', 'no MRR at the end of the previous period'],
  ] as const)('empty start MRR gives no NRR, GRR or revenue churn (%s: %s)', (boundary, reason) => {
    const empty = mrrMovements([], march);
    const formulas = [netRevenueRetention, grossRevenueRetention, revenueChurnRate];
    for (const kpi of formulas.map((formula) => formula(empty, boundary))) {
      expect(kpi).toMatchObject({ kind: 'none', value: null, reason });
    }
    expect(averageRevenuePerAccount(empty, 0, boundary)).toMatchObject({ reason: reason.replace('MRR', 'customers') });
  });
});

describe('upsell and cross-sell', () => {
  const start = customerMovements(marchContracts, march).start;

  it("counts customers in S with a deal of the kind closed in the period; a new customer's upsell is left out", () => {
    const upsell = expansionDeals(marchContracts, march, start, 'upsell', 'first-day');
    expect(upsell).toMatchObject({ customers: 1, mrrMinor: 3_000 });
    expect(fraction(upsell.rate)).toEqual([1, 4]);
    const crossSell = expansionDeals(marchContracts, march, start, 'cross_sell', 'first-day');
    expect(crossSell).toMatchObject({ customers: 1, mrrMinor: 2_500 });
  });

  it('uses the close date, not the start date', () => {
    const april = monthPeriod('2026-04');
    const late = [
      contract('A', 100, '2025-01-01', '2027-01-01'),
      contract('A', 50, '2026-05-01', '2027-01-01', { kind: 'upsell', closeDate: '2026-04-30' }),
    ];
    expect(expansionDeals(late, april, new Set(['A']), 'upsell', 'previous-day').mrrMinor).toBe(50);
  });
});
