import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Contract } from '../../../src/domain/contracts/contract-schema';
import { computePeriodKpis } from '../../../src/domain/kpi/period-kpis';
import { addDays } from '../../../src/domain/time/calendar-date';
import { customerMovements } from '../../../src/domain/kpi/customer-movements';
import { periodsBetween, periodStartDay, type Period } from '../../../src/domain/time/periods';
import { emptyInput } from './kpi-fixtures';

const contractArbitrary: fc.Arbitrary<Contract> = fc
  .record({
    company: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'),
    startOffset: fc.integer({ min: 0, max: 730 }),
    lengthDays: fc.integer({ min: 1, max: 400 }),
    mrrMinor: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 5_000_000 })),
    kind: fc.constantFrom('new', 'renewal', 'upsell', 'cross_sell', 'downgrade' as const),
    id: fc.nat(),
  })
  .map(({ company, startOffset, lengthDays, mrrMinor, kind, id }) => {
    const startDate = addDays('2025-01-01', startOffset);
    return {
      dealId: `${company}-${id}`,
      companyId: company,
      kind,
      product: 'core',
      mrrMinor,
      startDate,
      endDate: addDays(startDate, lengthDays),
      seats: null,
      closeDate: startDate,
    };
  });

const periods: Period[] = [
  ...periodsBetween('month', '2025-01', '2026-12'),
  ...periodsBetween('quarter', '2025-01', '2026-12'),
  ...periodsBetween('trailing-twelve-months', '2025-06', '2026-12'),
];

const scenario = fc.record({
  contracts: fc.array(contractArbitrary, { maxLength: 25 }),
  period: fc.constantFrom(...periods),
  countSamePeriodSignups: fc.boolean(),
});

function percentOf(kpi: { kind: string; numerator?: number; denominator?: number }): [number, number] | null {
  return kpi.kind === 'ratio' && kpi.numerator !== undefined && kpi.denominator !== undefined
    ? [kpi.numerator, kpi.denominator]
    : null;
}

describe('KPI invariants on generated contract sets', () => {
  it('the MRR bridge holds: start + new + expansion - contraction - churned = end', () => {
    fc.assert(
      fc.property(scenario, ({ contracts, period }) => {
        const kpis = computePeriodKpis(emptyInput({ contracts, asOfDate: '2027-12-31' }), period);
        expect(kpis.startMrr + kpis.newMrr + kpis.expansionMrr - kpis.contractionMrr - kpis.churnedMrr).toBe(
          kpis.endMrr,
        );
        expect(Math.min(kpis.newMrr, kpis.expansionMrr, kpis.contractionMrr, kpis.churnedMrr)).toBeGreaterThanOrEqual(
          0,
        );
      }),
      { numRuns: 300 },
    );
  });

  it('GRR <= 100, NRR >= GRR and revenue churn = 100 - GRR, exactly', () => {
    fc.assert(
      fc.property(scenario, ({ contracts, period }) => {
        const kpis = computePeriodKpis(emptyInput({ contracts, asOfDate: '2027-12-31' }), period);
        const grr = percentOf(kpis.grr);
        const nrr = percentOf(kpis.nrr);
        const revenueChurn = percentOf(kpis.revenueChurnRate);
        expect(grr === null).toBe(kpis.startMrr === 0);
        if (grr && nrr && revenueChurn) {
          expect(grr[0]).toBeLessThanOrEqual(grr[1]);
          expect(grr[0]).toBeGreaterThanOrEqual(0);
          expect(nrr[0]).toBeGreaterThanOrEqual(grr[0]);
          expect(grr[0] + revenueChurn[0]).toBe(grr[1]);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('retention + churn = 100 by default, and customers move consistently', () => {
    fc.assert(
      fc.property(scenario, ({ contracts, period, countSamePeriodSignups }) => {
        const kpis = computePeriodKpis(emptyInput({ contracts, asOfDate: '2027-12-31' }), period, {
          churn: { countSamePeriodSignups },
        });
        const churn = percentOf(kpis.customerChurnRate);
        const retention = percentOf(kpis.retentionRate);
        expect(churn === null).toBe(kpis.customersStart === 0);
        const periodChurners = countSamePeriodSignups
          ? customerMovements(contracts, period, periodStartDay(period, 'previous-day')).joinedAndLeft.size
          : 0;
        expect(kpis.customersStart - (kpis.churnedCustomers - periodChurners) + kpis.newCustomers).toBe(
          kpis.customersEnd,
        );
        if (churn && retention) {
          expect(churn[0] + retention[0]).toBe(retention[1] + periodChurners);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('never yields NaN or Infinity', () => {
    fc.assert(
      fc.property(scenario, ({ contracts, period }) => {
        const kpis = computePeriodKpis(emptyInput({ contracts, asOfDate: '2027-12-31' }), period, {
          lifetimeValue: { grossMarginPercent: 75, customerAcquisitionCostMinor: 1_000 },
        });
        for (const value of Object.values(kpis)) {
          const number =
            typeof value === 'number' ? value : typeof value === 'object' && 'value' in value ? value.value : null;
          if (number !== null) {
            expect(Number.isFinite(number)).toBe(true);
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});
