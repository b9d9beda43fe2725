import { describe, expect, it } from 'vitest';
import { computeKpisByCut, groupCompanies } from '../../../src/domain/kpi/kpi-cuts';
import { kpiInputSchema, type KpiInput } from '../../../src/domain/kpi/kpi-input';
import { computeKpisForPeriods, computePeriodKpis } from '../../../src/domain/kpi/period-kpis';
import { periodKpisSchema } from '../../../src/domain/kpi/period-kpis-schema';
import { monthPeriod, periodsBetween, trailingTwelveMonthsPeriod } from '../../../src/domain/time/periods';
import { contract, emptyInput, fraction, marchContracts } from './kpi-fixtures';

const march = monthPeriod('2026-03');

const input: KpiInput = kpiInputSchema.parse({
  companies: [
    { id: 'A', ownerId: 'o1', industry: 'retail', tier: 'gold' },
    { id: 'B', ownerId: 'o1', industry: 'retail', tier: 'silver' },
    { id: 'C', ownerId: 'o2', industry: 'media' },
    { id: 'D', ownerId: 'o2' },
  ],
  contracts: marchContracts,
  usageEvents: [
    { companyId: 'A', userId: 'u1', timestamp: '2026-03-31T10:00:00Z', durationSeconds: 300 },
    { companyId: 'A', userId: 'u2', timestamp: '2026-03-10T10:00:00Z' },
  ],
  surveyResponses: [
    { companyId: 'A', kind: 'nps', score: 10, submittedAt: '2026-03-05T10:00:00Z' },
    { companyId: 'C', kind: 'csat', score: 4, submittedAt: '2026-03-05T10:00:00Z' },
  ],
  onboardings: [{ companyId: 'E', startedOn: '2026-03-05', completedOn: '2026-04-01' }],
  asOfDate: '2026-04-15',
});

describe('computePeriodKpis', () => {
  const kpis = computePeriodKpis(input, march, { lifetimeValue: { grossMarginPercent: 80 } });

  it('returns the full record, valid against its schema', () => {
    expect(periodKpisSchema.parse(kpis)).toEqual(kpis);
  });

  it('matches the hand-computed month', () => {
    expect(kpis).toMatchObject({
      customersStart: 4,
      customersEnd: 4,
      newCustomers: 1,
      churnedCustomers: 1,
      startMrr: 43_000,
      newMrr: 5_000,
      expansionMrr: 5_500,
      contractionMrr: 2_000,
      churnedMrr: 20_000,
      endMrr: 31_500,
      upsellCustomers: 1,
      upsellMrr: 3_000,
      crossSellCustomers: 1,
      crossSellMrr: 2_500,
      onboardingCohortSize: 1,
      onboardingCompletedWithinTarget: 1,
      onboardingProvisional: true,
      npsResponses: 1,
      csatResponses: 1,
      dailyActiveUsers: 1,
      weeklyActiveUsers: 1,
      mau: 2,
      partial: false,
    });
    expect(fraction(kpis.customerChurnRate)).toEqual([1, 4]);
    expect(fraction(kpis.nrr)).toEqual([26_500, 43_000]);
    expect(kpis.lifetimeValue.value).toBe(16_809);
    expect(kpis.medianDaysToComplete.value).toBe(27);
    // Sessions of 5 minutes (u1, 300 s) and 0 (u2): mean and median 2.5, and 5 minutes over 2 active users.
    expect(kpis.meanSessionMinutes.value).toBe(2.5);
    expect(fraction(kpis.medianSessionMinutes)).toEqual([300_000, 120_000]);
    expect(fraction(kpis.minutesPerActiveUser)).toEqual([300_000, 120_000]);
    // ARPA = start MRR / S = 43,000 / 4.
    expect(fraction(kpis.averageRevenuePerAccount)).toEqual([43_000, 4]);
    // Only G states seats (5, on a zero-priced contract) and has no active users: 0%, a real value.
    expect(fraction(kpis.seatUtilization)).toEqual([0, 5]);
  });

  it('measures a running period as of today: E on that day, nothing scheduled later', () => {
    const running = computePeriodKpis({ ...input, asOfDate: '2026-03-20' }, march);
    // On Mar 20: B has left, D is downgraded, E has its upsell and F (leaving Mar 25) is still a customer.
    expect(running).toMatchObject({
      partial: true,
      customersEnd: 5,
      newCustomers: 2,
      churnedCustomers: 1,
      newMrr: 6_000,
      contractionMrr: 2_000,
    });
    expect(running.period).toEqual(march);
    expect(() => computePeriodKpis({ ...input, asOfDate: '2026-02-27' }, march)).toThrow(RangeError);
  });

  it("measures S on the previous period's last day by default, so a contract ending on the 1st is churn of that month", () => {
    const contracts = [
      contract('X', 1_000, '2025-01-01', '2026-03-01'),
      contract('Y', 2_000, '2026-03-01', '2027-03-01'),
    ];
    const byDefault = computePeriodKpis(emptyInput({ contracts }), march);
    expect(byDefault).toMatchObject({
      customersStart: 1,
      churnedCustomers: 1,
      newCustomers: 1,
      startMrr: 1_000,
      churnedMrr: 1_000,
      newMrr: 2_000,
    });
    const february = computePeriodKpis(emptyInput({ contracts }), monthPeriod('2026-02'));
    expect([february.customersEnd, february.endMrr]).toEqual([byDefault.customersStart, byDefault.startMrr]);
    const firstDay = computePeriodKpis(emptyInput({ contracts }), march, { periodStartBoundary: 'first-day' });
    expect(firstDay).toMatchObject({ customersStart: 1, churnedCustomers: 0, newCustomers: 0, startMrr: 2_000 });
  });

  it('counts the same-period churner when configured', () => {
    const configured = computePeriodKpis(input, march, { churn: { countSamePeriodSignups: true } });
    expect(configured.churnedCustomers).toBe(2);
    expect(fraction(configured.customerChurnRate)).toEqual([2, 4]);
    expect(fraction(configured.retentionRate)).toEqual([3, 4]);
  });

  it('an empty portal gives no values with reasons and never NaN', () => {
    const empty = computePeriodKpis(emptyInput(), march);
    for (const value of Object.values(empty)) {
      if (typeof value === 'number') {
        expect(value).toBe(0);
      } else if (typeof value === 'object' && 'value' in value) {
        expect(value).toMatchObject({ kind: 'none', value: null });
      }
    }
  });

  it('year-over-year NRR is the same formula over trailing twelve months', () => {
    const contracts = [
      contract('A', 10_000, '2025-01-01', '2027-01-01'),
      contract('A', 2_000, '2025-09-01', '2027-01-01', { kind: 'upsell' }),
      contract('B', 5_000, '2025-01-01', '2025-12-01'),
    ];
    const yearly = computePeriodKpis(emptyInput({ contracts }), trailingTwelveMonthsPeriod('2026-03'));
    expect(yearly.period).toMatchObject({ firstDay: '2025-04-01', lastDay: '2026-03-31' });
    expect(fraction(yearly.nrr)).toEqual([12_000, 15_000]);
    expect(yearly.lifetimeValue.value).toBeNull();
  });

  it('computes a range of periods', () => {
    const months = computeKpisForPeriods(input, periodsBetween('month', '2026-02', '2026-04'));
    expect(months.map((month) => [month.period.label, month.startMrr, month.endMrr])).toEqual([
      ['2026-02', 43_000, 43_000],
      ['2026-03', 43_000, 31_500],
      ['2026-04', 31_500, 31_500],
    ]);
  });
});

describe('cuts', () => {
  it('groups companies by owner, with companies missing from the list in the null group', () => {
    expect(groupCompanies(input, 'owner')).toEqual(
      new Map([
        ['o1', ['A', 'B']],
        ['o2', ['C', 'D']],
        [null, ['E', 'F', 'G']],
      ]),
    );
  });

  it('groups by onboarding cohort month', () => {
    expect(groupCompanies(input, 'onboarding-cohort').get('2026-03')).toEqual(['E']);
  });

  it('computes KPIs per group; the groups add up to the whole', () => {
    const cuts = computeKpisByCut(input, [march], 'owner');
    expect(cuts.map((cut) => [cut.group, cut.kpis[0]?.startMrr, cut.kpis[0]?.churnedCustomers])).toEqual([
      ['o1', 30_000, 1],
      ['o2', 13_000, 0],
      [null, 0, 0],
    ]);
    const total = computePeriodKpis(input, march);
    expect(cuts.reduce((sum, cut) => sum + (cut.kpis[0]?.endMrr ?? 0), 0)).toBe(total.endMrr);
  });
});
