// Reference only: the product computes KPIs in SQL (src/services/kpi); this exists to check it (test/kpi/sql-matches-domain.test.ts).
import { periodAsOf, periodStartDay, type Period } from '../time/periods';
import {
  activeUserKeys,
  dailyActiveUsers,
  localizeUsageEvents,
  weeklyActiveUsers,
  type LocalizedUsageEvent,
} from './active-users';
import {
  churnedCustomerCount,
  customerChurnRate,
  customerMovements,
  customerRetentionRate,
} from './customer-movements';
import { expansionDeals } from './expansion-deals';
import type { KpiInput } from './kpi-input';
import { mauWindowStart } from './kpi-windows';
import { kpiSettingsSchema, type KpiSettings, type KpiSettingsInput } from './kpi-settings';
import { saasLifetimeValue } from './lifetime-value';
import {
  averageRevenuePerAccount,
  grossRevenueRetention,
  mrrMovements,
  netRevenueRetention,
  revenueChurnRate,
} from './mrr-movements';
import { onboardingCompletion } from './onboarding-completion';
import type { PeriodKpis } from './period-kpis-schema';
import { overallSeatUtilization, seatUtilizationByCompany } from './seat-utilization';
import { buildSessions, sessionTime, type Session } from './sessions';
import { customerSatisfaction, netPromoterScore } from './survey-scores';

type PreparedUsage = { events: LocalizedUsageEvent[]; sessions: Session[] };

/** Time-zone conversion and sessionising are the costly part: done once for a range of periods. */
function prepareUsage(input: KpiInput, settings: KpiSettings): PreparedUsage {
  const events = localizeUsageEvents(input.usageEvents, settings.timeZone);
  return { events, sessions: buildSessions(events, settings.sessions) };
}

/** A running period is measured as of `input.asOfDate` (its last day becomes that day) and is partial. */
function periodKpis(input: KpiInput, usage: PreparedUsage, fullPeriod: Period, settings: KpiSettings): PeriodKpis {
  const { period, partial } = periodAsOf(fullPeriod, input.asOfDate);
  const { contracts } = input;
  const startDay = periodStartDay(period, settings.periodStartBoundary);
  const customers = customerMovements(contracts, period, startDay);
  const mrr = mrrMovements(contracts, period, startDay);
  const boundary = settings.periodStartBoundary;
  const upsell = expansionDeals(contracts, period, customers.start, 'upsell', boundary);
  const crossSell = expansionDeals(contracts, period, customers.start, 'cross_sell', boundary);
  const onboarding = onboardingCompletion(input.onboardings, period, input.asOfDate, settings.onboarding.targetDays);
  const nps = netPromoterScore(input.surveyResponses, period, settings.timeZone);
  const csat = customerSatisfaction(input.surveyResponses, period, settings.timeZone);
  const { events } = usage;
  const mau = activeUserKeys(events, mauWindowStart(period, settings.activeUsers.monthlyWindow), period.lastDay).size;
  const sessions = sessionTime(usage.sessions, period, mau);
  const seats = seatUtilizationByCompany(
    contracts,
    events,
    period.lastDay,
    settings.activeUsers.seatUtilizationWindowDays,
    input.coreProductId,
  );
  return {
    period: fullPeriod,
    customersStart: customers.start.size,
    customersEnd: customers.end.size,
    newCustomers: customers.added.size,
    churnedCustomers: churnedCustomerCount(customers, settings.churn.countSamePeriodSignups),
    customerChurnRate: customerChurnRate(customers, settings.churn.countSamePeriodSignups, boundary),
    retentionRate: customerRetentionRate(customers, boundary),
    ...mrr,
    nrr: netRevenueRetention(mrr, boundary),
    grr: grossRevenueRetention(mrr, boundary),
    revenueChurnRate: revenueChurnRate(mrr, boundary),
    averageRevenuePerAccount: averageRevenuePerAccount(mrr, customers.start.size, boundary),
    lifetimeValue: saasLifetimeValue(mrr, customers.start.size, period, settings.lifetimeValue, boundary),
    upsellCustomers: upsell.customers,
    upsellRate: upsell.rate,
    upsellMrr: upsell.mrrMinor,
    crossSellCustomers: crossSell.customers,
    crossSellRate: crossSell.rate,
    crossSellMrr: crossSell.mrrMinor,
    onboardingCohortSize: onboarding.cohortSize,
    onboardingCompletedWithinTarget: onboarding.completedWithinTarget,
    onboardingCompletionRate: onboarding.completionRate,
    onboardingProvisional: onboarding.provisional,
    medianDaysToComplete: onboarding.medianDaysToComplete,
    nps: nps.score,
    npsResponses: nps.responses,
    csatPercent: csat.percentSatisfied,
    csatMean: csat.meanScore,
    csatResponses: csat.responses,
    dailyActiveUsers: dailyActiveUsers(events, period.lastDay),
    weeklyActiveUsers: weeklyActiveUsers(events, period.lastDay),
    mau,
    meanSessionMinutes: sessions.meanSessionMinutes,
    medianSessionMinutes: sessions.medianSessionMinutes,
    minutesPerActiveUser: sessions.minutesPerActiveUser,
    seatUtilization: overallSeatUtilization(seats),
    partial,
  };
}

/** Every KPI of domain §3.1 for one period; user-activity windows end on the period's (measured) last day. */
export function computePeriodKpis(input: KpiInput, period: Period, settingsInput: KpiSettingsInput = {}): PeriodKpis {
  const settings = kpiSettingsSchema.parse(settingsInput);
  return periodKpis(input, prepareUsage(input, settings), period, settings);
}

export function computeKpisForPeriods(
  input: KpiInput,
  periods: readonly Period[],
  settingsInput: KpiSettingsInput = {},
): PeriodKpis[] {
  const settings = kpiSettingsSchema.parse(settingsInput);
  const usage = prepareUsage(input, settings);
  return periods.map((period) => periodKpis(input, usage, period, settings));
}
