import { z } from 'zod';
import type { ActivityKpiAggregates } from '../../db/repositories/kpi-activity-repository';
import type { ContractKpiAggregates } from '../../db/repositories/kpi-contracts-repository';
import type { DayActivityKpiAggregates } from '../../db/repositories/kpi-day-activity-repository';
import type { OnboardingKpiAggregates } from '../../db/repositories/kpi-onboarding-repository';
import type { KpiSettings } from '../../domain/kpi/kpi-settings';
import { ratio } from '../../domain/kpi/kpi-value';
import { saasLifetimeValue } from '../../domain/kpi/lifetime-value';
import {
  averageRevenuePerAccount,
  grossRevenueRetention,
  netRevenueRetention,
  revenueChurnRate,
  type MrrMovements,
} from '../../domain/kpi/mrr-movements';
import type { PeriodKpis } from '../../domain/kpi/period-kpis-schema';
import { noStartCustomersReason } from '../../domain/kpi/start-reasons';
import { addDays } from '../../domain/time/calendar-date';
import type { Period } from '../../domain/time/periods';

/** One period of one group with every field of domain §3.1: counts and minor units exact, rates as exact KPI values. */
export type PortfolioPeriodKpis = Omit<PeriodKpis, 'period'> & { period: string };

type Row<Aggregates> = Omit<Aggregates, 'period' | 'group'>;
type Aggregates = Row<ContractKpiAggregates> &
  Row<ActivityKpiAggregates> &
  Row<DayActivityKpiAggregates> &
  Row<OnboardingKpiAggregates>;

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
  mau: 0,
  sessions: 0,
  sessionMilliseconds: 0,
  medianMillisecondsSum: 0,
  medianSessions: 0,
  dailyActiveUsers: 0,
  weeklyActiveUsers: 0,
  seatActiveUsers: 0,
  seats: 0,
  cohortSize: 0,
  completedWithinTarget: 0,
  medianDaysSum: 0,
  medianMembers: 0,
};

const noCsat = 'no CSAT responses in the period';
const noSessions = 'no sessions started in the period';

/** A period as measured: `period.lastDay` is the day E is measured on (today for a running period). */
export type MeasuredPeriod = { period: Period; partial: boolean };

export type KpiFormulaSettings = Pick<KpiSettings, 'periodStartBoundary' | 'churn' | 'lifetimeValue' | 'onboarding'> & {
  asOf: string;
};

export function toPeriodKpis(
  { period, partial }: MeasuredPeriod,
  aggregates: Aggregates,
  settings: KpiFormulaSettings,
): PortfolioPeriodKpis {
  const mrr: MrrMovements = {
    startMrr: aggregates.startMrr,
    newMrr: aggregates.newMrr,
    expansionMrr: aggregates.expansionMrr,
    contractionMrr: aggregates.contractionMrr,
    churnedMrr: aggregates.churnedMrr,
    endMrr: aggregates.endMrr,
  };
  const churnedCustomers =
    aggregates.churnedCustomers + (settings.churn.countSamePeriodSignups ? aggregates.joinedAndLeft : 0);
  const start = aggregates.customersStart;
  const boundary = settings.periodStartBoundary;
  const noStartCustomers = noStartCustomersReason(boundary);
  return {
    period: period.label,
    customersStart: start,
    customersEnd: aggregates.customersEnd,
    newCustomers: aggregates.newCustomers,
    churnedCustomers,
    customerChurnRate: ratio(churnedCustomers, start, 'percent', noStartCustomers),
    retentionRate: ratio(aggregates.customersEnd - aggregates.newCustomers, start, 'percent', noStartCustomers),
    ...mrr,
    nrr: netRevenueRetention(mrr, boundary),
    grr: grossRevenueRetention(mrr, boundary),
    revenueChurnRate: revenueChurnRate(mrr, boundary),
    averageRevenuePerAccount: averageRevenuePerAccount(mrr, start, boundary),
    lifetimeValue: saasLifetimeValue(mrr, start, period, settings.lifetimeValue, boundary),
    upsellCustomers: aggregates.upsellCustomers,
    upsellRate: ratio(aggregates.upsellCustomers, start, 'percent', noStartCustomers),
    upsellMrr: aggregates.upsellMrr,
    crossSellCustomers: aggregates.crossSellCustomers,
    crossSellRate: ratio(aggregates.crossSellCustomers, start, 'percent', noStartCustomers),
    crossSellMrr: aggregates.crossSellMrr,
    onboardingCohortSize: aggregates.cohortSize,
    onboardingCompletedWithinTarget: aggregates.completedWithinTarget,
    onboardingCompletionRate: ratio(
      aggregates.completedWithinTarget,
      aggregates.cohortSize,
      'percent',
      'no onboarding started in the period',
    ),
    onboardingProvisional: settings.asOf < addDays(period.lastDay, settings.onboarding.targetDays),
    medianDaysToComplete: ratio(
      aggregates.medianDaysSum,
      aggregates.medianMembers,
      'days',
      'no onboarding of the cohort is complete',
      1,
    ),
    nps: ratio(
      aggregates.npsPromoters - aggregates.npsDetractors,
      aggregates.npsResponses,
      'score',
      'no NPS responses in the period',
      100,
    ),
    npsResponses: aggregates.npsResponses,
    csatPercent: ratio(aggregates.csatSatisfied, aggregates.csatResponses, 'percent', noCsat),
    csatMean: ratio(aggregates.csatScoreSum, aggregates.csatResponses, 'score', noCsat),
    csatResponses: aggregates.csatResponses,
    dailyActiveUsers: aggregates.dailyActiveUsers,
    weeklyActiveUsers: aggregates.weeklyActiveUsers,
    mau: aggregates.mau,
    meanSessionMinutes: ratio(aggregates.sessionMilliseconds, aggregates.sessions * 60_000, 'minutes', noSessions),
    medianSessionMinutes: ratio(
      aggregates.medianMillisecondsSum,
      aggregates.medianSessions * 60_000,
      'minutes',
      noSessions,
      1,
    ),
    minutesPerActiveUser: ratio(
      aggregates.sessionMilliseconds,
      aggregates.mau * 60_000,
      'minutes',
      'no active users in the period',
    ),
    seatUtilization: ratio(
      aggregates.seatActiveUsers,
      aggregates.seats,
      'percent',
      'no company with an active contract has seats',
    ),
    partial,
  };
}

export type GroupKpis = { group: string | null; periods: PortfolioPeriodKpis[] };

export type GroupRow = { period: string; group: string | null } & Partial<Aggregates>;

const aggregateNames = Object.keys(emptyAggregates) as [keyof Aggregates, ...(keyof Aggregates)[]];

/** A group row as kept in JSON (see keptGroupRow): any subset of the aggregates, each an exact integer. */
export const keptGroupRowSchema = z
  .object({
    period: z.string(),
    group: z.string().nullable(),
    values: z.partialRecord(z.enum(aggregateNames), z.number().int()),
  })
  .transform(({ period, group, values }): GroupRow => ({ period, group, ...values }));

export function keptGroupRow({ period, group, ...values }: GroupRow): z.input<typeof keptGroupRowSchema> {
  return { period, group, values };
}

/**
 * Every group that any query saw gets every period (zeros where it had no rows), in period order;
 * groups sorted by name, the null group last.
 */
export function combineAggregates(
  periods: readonly MeasuredPeriod[],
  rows: readonly GroupRow[],
  settings: KpiFormulaSettings,
): GroupKpis[] {
  const byGroup = new Map<string | null, Map<string, Aggregates>>();
  for (const { period, group, ...values } of rows) {
    const byPeriod = byGroup.get(group) ?? new Map<string, Aggregates>();
    byPeriod.set(period, { ...(byPeriod.get(period) ?? emptyAggregates), ...values });
    byGroup.set(group, byPeriod);
  }
  if (byGroup.size === 0) byGroup.set(null, new Map());
  return [...byGroup]
    .sort(([left], [right]) => (left === null ? 1 : right === null ? -1 : left.localeCompare(right)))
    .map(([group, byPeriod]) => ({
      group,
      periods: periods.map((measured) =>
        toPeriodKpis(measured, byPeriod.get(measured.period.label) ?? emptyAggregates, settings),
      ),
    }));
}
