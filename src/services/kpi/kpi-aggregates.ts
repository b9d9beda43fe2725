import type { ActivityKpiAggregates } from '../../db/repositories/kpi-activity-repository';
import type { ContractKpiAggregates } from '../../db/repositories/kpi-contracts-repository';
import { ratio, type KpiValue } from '../../domain/kpi/kpi-value';
import { grossRevenueRetention, netRevenueRetention, revenueChurnRate, type MrrMovements } from '../../domain/kpi/mrr-movements';

/** One period of one group: counts and minor units exact, rates as exact KPI values (domain §3). */
export type PortfolioPeriodKpis = MrrMovements & {
  period: string;
  customersStart: number;
  customersEnd: number;
  newCustomers: number;
  churnedCustomers: number;
  customerChurnRate: KpiValue;
  retentionRate: KpiValue;
  nrr: KpiValue;
  grr: KpiValue;
  revenueChurnRate: KpiValue;
  upsellRate: KpiValue;
  upsellMrr: number;
  crossSellRate: KpiValue;
  crossSellMrr: number;
  nps: KpiValue;
  npsResponses: number;
  csatPercent: KpiValue;
  csatMean: KpiValue;
  csatResponses: number;
  mau: number;
  sessions: number;
  meanSessionMinutes: KpiValue;
};

type Aggregates = Omit<ContractKpiAggregates, 'period' | 'group'> & Omit<ActivityKpiAggregates, 'period' | 'group'>;

const emptyAggregates: Aggregates = {
  customersStart: 0,
  customersEnd: 0,
  newCustomers: 0,
  churnedCustomers: 0,
  joinedAndLeft: 0,
  startMrr: 0,
  newMrr: 0,
  expansionMrr: 0,
  contractionMrr: 0,
  churnedMrr: 0,
  endMrr: 0,
  upsellCustomers: 0,
  upsellMrr: 0,
  crossSellCustomers: 0,
  crossSellMrr: 0,
  npsResponses: 0,
  npsPromoters: 0,
  npsDetractors: 0,
  csatResponses: 0,
  csatSatisfied: 0,
  csatScoreSum: 0,
  monthlyActiveUsers: 0,
  sessions: 0,
  sessionMilliseconds: 0,
};

const noStartCustomers = 'no customers on the first day of the period';
const noCsat = 'no CSAT responses in the period';

export function toPeriodKpis(period: string, aggregates: Aggregates, countSamePeriodSignups: boolean): PortfolioPeriodKpis {
  const mrr: MrrMovements = {
    startMrr: aggregates.startMrr,
    newMrr: aggregates.newMrr,
    expansionMrr: aggregates.expansionMrr,
    contractionMrr: aggregates.contractionMrr,
    churnedMrr: aggregates.churnedMrr,
    endMrr: aggregates.endMrr,
  };
  const churnedCustomers = aggregates.churnedCustomers + (countSamePeriodSignups ? aggregates.joinedAndLeft : 0);
  const start = aggregates.customersStart;
  return {
    period,
    customersStart: start,
    customersEnd: aggregates.customersEnd,
    newCustomers: aggregates.newCustomers,
    churnedCustomers,
    customerChurnRate: ratio(churnedCustomers, start, 'percent', noStartCustomers),
    retentionRate: ratio(aggregates.customersEnd - aggregates.newCustomers, start, 'percent', noStartCustomers),
    ...mrr,
    nrr: netRevenueRetention(mrr),
    grr: grossRevenueRetention(mrr),
    revenueChurnRate: revenueChurnRate(mrr),
    upsellRate: ratio(aggregates.upsellCustomers, start, 'percent', noStartCustomers),
    upsellMrr: aggregates.upsellMrr,
    crossSellRate: ratio(aggregates.crossSellCustomers, start, 'percent', noStartCustomers),
    crossSellMrr: aggregates.crossSellMrr,
    nps: ratio(aggregates.npsPromoters - aggregates.npsDetractors, aggregates.npsResponses, 'score', 'no NPS responses in the period', 100),
    npsResponses: aggregates.npsResponses,
    csatPercent: ratio(aggregates.csatSatisfied, aggregates.csatResponses, 'percent', noCsat),
    csatMean: ratio(aggregates.csatScoreSum, aggregates.csatResponses, 'score', noCsat),
    csatResponses: aggregates.csatResponses,
    mau: aggregates.monthlyActiveUsers,
    sessions: aggregates.sessions,
    meanSessionMinutes: ratio(aggregates.sessionMilliseconds, aggregates.sessions * 60_000, 'minutes', 'no sessions started in the period'),
  };
}

export type GroupKpis = { group: string | null; periods: PortfolioPeriodKpis[] };

/**
 * Every group that either query saw gets every period (zeros where it had no rows), in period order;
 * groups sorted by name, the null group last.
 */
export function combineAggregates(
  periodLabels: readonly string[],
  contractRows: readonly ContractKpiAggregates[],
  activityRows: readonly ActivityKpiAggregates[],
  countSamePeriodSignups: boolean,
): GroupKpis[] {
  const byGroup = new Map<string | null, Map<string, Aggregates>>();
  for (const { period, group, ...values } of [...contractRows, ...activityRows]) {
    const periods = byGroup.get(group) ?? new Map<string, Aggregates>();
    periods.set(period, { ...(periods.get(period) ?? emptyAggregates), ...values });
    byGroup.set(group, periods);
  }
  if (byGroup.size === 0) byGroup.set(null, new Map());
  return [...byGroup]
    .sort(([left], [right]) => (left === null ? 1 : right === null ? -1 : left.localeCompare(right)))
    .map(([group, periods]) => ({
      group,
      periods: periodLabels.map((label) => toPeriodKpis(label, periods.get(label) ?? emptyAggregates, countSamePeriodSignups)),
    }));
}
