import { describe, expect, it } from 'vitest';
import type { Contract } from '../../../src/domain/contracts/contract-schema';
import { computeCohortRetention } from '../../../src/domain/kpi/cohort-retention';
import { cohortReportMonths } from '../../../src/domain/kpi/cohort-triangle';
import { toCohortGroupReports } from '../../../src/services/kpi/cohort-report';

const contract = (
  dealId: string,
  companyId: string,
  mrrMinor: number,
  startDate: string,
  endDate: string,
): Contract => ({
  dealId,
  companyId,
  kind: 'new',
  product: 'core',
  mrrMinor,
  startDate,
  endDate,
  seats: null,
  closeDate: startDate,
});

// Worked by hand below; amounts in cents.
const contracts: Contract[] = [
  contract('a1', 'a', 1000, '2025-01-10', '2025-03-10'), // Jan cohort, gone before March ends
  contract('b1', 'b', 2000, '2025-01-20', '2026-01-20'), // Jan cohort...
  contract('b2', 'b', 500, '2025-02-15', '2026-01-20'), // ...expands in February
  contract('c1', 'c', 3000, '2025-01-05', '2025-01-25'), // joins and leaves in January: Jan cohort, not a customer on Jan 31
  contract('c2', 'c', 1500, '2025-03-01', '2026-03-01'), // comes back in March and stays in the January cohort
  contract('d0', 'd', 0, '2025-01-03', '2025-12-01'), // a zero-priced contract does not make a customer...
  contract('d1', 'd', 800, '2025-02-01', '2026-02-01'), // ...so d's cohort is February
  contract('e1', 'e', 700, '2025-04-20', '2026-04-20'), // starts after the as-of day: in no cohort yet
  contract('f1', 'f', 400, '2025-01-31', '2025-02-01'), // a customer on Jan 31 only
  contract('g1', 'g', 900, '2025-03-03', '2025-03-20'), // March cohort whose MRR on Mar 31 is 0
];
const companies = [
  { id: 'a', ownerId: 'o1', industry: 'retail', tier: 'gold', lifecycleStage: null },
  { id: 'b', ownerId: 'o1', industry: 'saas', tier: 'gold', lifecycleStage: null },
  { id: 'c', ownerId: 'o2', industry: 'saas', tier: 'silver', lifecycleStage: null },
  { id: 'd', ownerId: null, industry: null, tier: null, lifecycleStage: null },
];
const request = { from: '2025-01', to: '2025-06', asOfDate: '2025-04-15' };

const cell = (
  offset: number,
  month: string,
  customers: number,
  mrrMinor: number,
  logo: [number, number] | null,
  revenue: [number, number] | null,
) =>
  expect.objectContaining({
    offset,
    month,
    customers,
    mrrMinor,
    logoRetention:
      logo === null
        ? expect.objectContaining({ kind: 'none' })
        : expect.objectContaining({ numerator: logo[0], denominator: logo[1], value: (logo[0] * 100) / logo[1] }),
    revenueRetention:
      revenue === null
        ? expect.objectContaining({ kind: 'none', value: null })
        : expect.objectContaining({
            numerator: revenue[0],
            denominator: revenue[1],
            value: (revenue[0] * 100) / revenue[1],
          }),
  });

describe('cohort retention (domain §3.2), worked by hand', () => {
  it('measures each finished month on its last day and the running month on the as-of day, marked partial', () => {
    expect(cohortReportMonths('2025-01', '2025-06', '2025-04-15')).toEqual([
      { month: '2025-01', measuredOn: '2025-01-31', partial: false },
      { month: '2025-02', measuredOn: '2025-02-28', partial: false },
      { month: '2025-03', measuredOn: '2025-03-31', partial: false },
      { month: '2025-04', measuredOn: '2025-04-15', partial: true },
    ]);
    expect(cohortReportMonths('2025-01', '2025-02', '2025-04-15').map((month) => month.partial)).toEqual([
      false,
      false,
    ]);
  });

  it('gives the triangle of the whole portfolio', () => {
    const [portfolio] = computeCohortRetention({ companies, contracts }, request);
    expect(portfolio?.group).toBeNull();
    expect(portfolio?.cohorts.map((cohort) => [cohort.cohort, cohort.size, cohort.startMrrMinor])).toEqual([
      ['2025-01', 4, 3400], // a, b, c, f; on Jan 31: a 1000 + b 2000 + f 400
      ['2025-02', 1, 800], // d
      ['2025-03', 1, 0], // g, gone by Mar 31
    ]);
    expect(portfolio?.cohorts[0]?.months).toEqual([
      cell(0, '2025-01', 3, 3400, [3, 4], [3400, 3400]),
      cell(1, '2025-02', 2, 3500, [2, 4], [3500, 3400]), // a 1000 + b 2500
      cell(2, '2025-03', 2, 4000, [2, 4], [4000, 3400]), // b 2500 + c 1500 (back)
      cell(3, '2025-04', 2, 4000, [2, 4], [4000, 3400]),
    ]);
    expect(portfolio?.cohorts[0]?.months.map((month) => month.partial)).toEqual([false, false, false, true]);
    expect(portfolio?.cohorts[1]?.months).toEqual([
      cell(0, '2025-02', 1, 800, [1, 1], [800, 800]),
      cell(1, '2025-03', 1, 800, [1, 1], [800, 800]),
      cell(2, '2025-04', 1, 800, [1, 1], [800, 800]),
    ]);
    expect(portfolio?.cohorts[2]?.months).toEqual([
      cell(0, '2025-03', 0, 0, [0, 1], null),
      cell(1, '2025-04', 0, 0, [0, 1], null),
    ]);
  });

  it('cuts by tier, companies without one (or unknown) in the null group, last', () => {
    const groups = computeCohortRetention({ companies, contracts }, { ...request, cut: 'tier' });
    expect(groups.map((group) => group.group)).toEqual(['gold', 'silver', null]);
    expect(groups[0]?.cohorts.map((cohort) => cohort.months.map((month) => [month.customers, month.mrrMinor]))).toEqual(
      [
        [
          [2, 3000],
          [2, 3500],
          [1, 2500],
          [1, 2500],
        ],
      ],
    );
    expect(groups[1]?.cohorts[0]?.startMrrMinor).toBe(0);
    expect(groups[2]?.cohorts.map((cohort) => [cohort.cohort, cohort.size])).toEqual([
      ['2025-01', 1],
      ['2025-02', 1],
      ['2025-03', 1],
    ]);
  });

  it('prints money in major units and rates in percent, with the reason where there is no value', () => {
    const [report] = toCohortGroupReports(computeCohortRetention({ companies, contracts }, request), 2);
    expect(report?.cohorts[0]).toMatchObject({ cohort: '2025-01', size: 4, startMrr: 34 });
    expect(report?.cohorts[0]?.months[1]).toMatchObject({
      offset: 1,
      customers: 2,
      logoRetention: 50,
      mrr: 35,
      revenueRetention: 102.94,
      noValue: {},
    });
    expect(report?.cohorts[0]?.months[2]).toMatchObject({ revenueRetention: 117.65 });
    expect(report?.cohorts[2]?.months[0]).toMatchObject({
      logoRetention: 0,
      revenueRetention: null,
      noValue: { revenueRetention: "the cohort's MRR at the end of its first month is 0" },
    });
  });

  it('rejects a range over 36 months or backwards, naming the field', () => {
    expect(() =>
      computeCohortRetention({ companies, contracts }, { from: '2022-01', to: '2025-01', asOfDate: '2025-04-15' }),
    ).toThrow(/37 months; at most 36/);
    expect(() =>
      computeCohortRetention({ companies, contracts }, { from: '2025-02', to: '2025-01', asOfDate: '2025-04-15' }),
    ).toThrow(/must not be before from/);
  });
});
