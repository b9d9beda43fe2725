import { z } from 'zod';
import { ratio, roundForDisplay, type KpiValue } from '../../domain/kpi/kpi-value';
import { toMajorUnits } from '../../domain/money/major-units';
import type { GroupKpis, PortfolioPeriodKpis } from './kpi-aggregates';

const count = z.number().int();
const money = z.number();
const value = z.number().nullable();

/**
 * One period as the API, the CLI and the manager view print it, with the names of domain §3.1: money in
 * major units, rates in percent, null without a value; `partial` marks a period still running.
 */
export const periodReportSchema = z.object({
  period: z.string(),
  customersStart: count,
  customersEnd: count,
  newCustomers: count,
  churnedCustomers: count,
  customerChurnRate: value,
  retentionRate: value,
  startMrr: money,
  newMrr: money,
  expansionMrr: money,
  contractionMrr: money,
  churnedMrr: money,
  endMrr: money,
  nrr: value,
  grr: value,
  revenueChurnRate: value,
  averageRevenuePerAccount: value,
  lifetimeValue: value,
  upsellCustomers: count,
  upsellRate: value,
  upsellMrr: money,
  crossSellCustomers: count,
  crossSellRate: value,
  crossSellMrr: money,
  onboardingCohortSize: count,
  onboardingCompletedWithinTarget: count,
  onboardingCompletionRate: value,
  onboardingProvisional: z.boolean(),
  medianDaysToComplete: value,
  nps: value,
  npsResponses: count,
  csatPercent: value,
  csatMean: value,
  csatResponses: count,
  dailyActiveUsers: count,
  weeklyActiveUsers: count,
  mau: count,
  meanSessionMinutes: value,
  medianSessionMinutes: value,
  minutesPerActiveUser: value,
  seatUtilization: value,
  partial: z.boolean(),
});

export type PeriodReport = z.infer<typeof periodReportSchema>;

/** The report row plus, for each null, why there is no value. */
export type PeriodReportWithReasons = PeriodReport & { noValue: Record<string, string> };

export function toPeriodReport(kpis: PortfolioPeriodKpis, minorUnitDigits: number): PeriodReportWithReasons {
  const noValue: Record<string, string> = {};
  const show = (field: keyof PeriodReport, kpi: KpiValue, digits = 2): number | null => {
    if (kpi.kind === 'none') noValue[field] = kpi.reason;
    return roundForDisplay(kpi, digits);
  };
  const major = (minor: number) => toMajorUnits(minor, minorUnitDigits);
  // A money ratio in minor units is shown in major units, rounded once from the exact ratio.
  const showMoney = (field: keyof PeriodReport, kpi: KpiValue): number | null => {
    if (kpi.kind === 'ratio') return roundForDisplay(ratio(kpi.numerator * kpi.scale, kpi.denominator * 10 ** minorUnitDigits, kpi.unit, field, 1));
    return kpi.kind === 'quantity' ? major(kpi.value) : show(field, kpi);
  };
  const report: PeriodReport = {
    period: kpis.period,
    customersStart: kpis.customersStart,
    customersEnd: kpis.customersEnd,
    newCustomers: kpis.newCustomers,
    churnedCustomers: kpis.churnedCustomers,
    customerChurnRate: show('customerChurnRate', kpis.customerChurnRate),
    retentionRate: show('retentionRate', kpis.retentionRate),
    startMrr: major(kpis.startMrr),
    newMrr: major(kpis.newMrr),
    expansionMrr: major(kpis.expansionMrr),
    contractionMrr: major(kpis.contractionMrr),
    churnedMrr: major(kpis.churnedMrr),
    endMrr: major(kpis.endMrr),
    nrr: show('nrr', kpis.nrr),
    grr: show('grr', kpis.grr),
    revenueChurnRate: show('revenueChurnRate', kpis.revenueChurnRate),
    averageRevenuePerAccount: showMoney('averageRevenuePerAccount', kpis.averageRevenuePerAccount),
    lifetimeValue: showMoney('lifetimeValue', kpis.lifetimeValue),
    upsellCustomers: kpis.upsellCustomers,
    upsellRate: show('upsellRate', kpis.upsellRate),
    upsellMrr: major(kpis.upsellMrr),
    crossSellCustomers: kpis.crossSellCustomers,
    crossSellRate: show('crossSellRate', kpis.crossSellRate),
    crossSellMrr: major(kpis.crossSellMrr),
    onboardingCohortSize: kpis.onboardingCohortSize,
    onboardingCompletedWithinTarget: kpis.onboardingCompletedWithinTarget,
    onboardingCompletionRate: show('onboardingCompletionRate', kpis.onboardingCompletionRate),
    onboardingProvisional: kpis.onboardingProvisional,
    medianDaysToComplete: show('medianDaysToComplete', kpis.medianDaysToComplete, 1),
    // Domain §3: NPS is shown as a whole number.
    nps: show('nps', kpis.nps, 0),
    npsResponses: kpis.npsResponses,
    csatPercent: show('csatPercent', kpis.csatPercent),
    csatMean: show('csatMean', kpis.csatMean),
    csatResponses: kpis.csatResponses,
    dailyActiveUsers: kpis.dailyActiveUsers,
    weeklyActiveUsers: kpis.weeklyActiveUsers,
    mau: kpis.mau,
    meanSessionMinutes: show('meanSessionMinutes', kpis.meanSessionMinutes),
    medianSessionMinutes: show('medianSessionMinutes', kpis.medianSessionMinutes),
    minutesPerActiveUser: show('minutesPerActiveUser', kpis.minutesPerActiveUser),
    seatUtilization: show('seatUtilization', kpis.seatUtilization),
    partial: kpis.partial,
  };
  return { ...report, noValue };
}

export type GroupReport = { group: string | null; periods: PeriodReportWithReasons[] };

export function toGroupReports(groups: readonly GroupKpis[], minorUnitDigits: number): GroupReport[] {
  return groups.map((group) => ({ group: group.group, periods: group.periods.map((kpis) => toPeriodReport(kpis, minorUnitDigits)) }));
}

/** The CLI's `--json` row: exactly the report's fields, in its order. */
export function withoutReasons(row: PeriodReportWithReasons): PeriodReport {
  return periodReportSchema.parse(row);
}
