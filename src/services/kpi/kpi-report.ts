import {
  periodReportSchema,
  type PeriodReport,
  type PeriodReportWithReasons,
} from '../../../extensions/app/pages/shared/manager-payload';
import { ratio, roundForDisplay, type KpiValue } from '../../domain/kpi/kpi-value';
import { toMajorUnits } from '../../domain/money/major-units';
import type { GroupKpis, PortfolioPeriodKpis } from './kpi-aggregates';

export { periodReportSchema, type PeriodReport, type PeriodReportWithReasons };

export function toPeriodReport(kpis: PortfolioPeriodKpis, minorUnitDigits: number): PeriodReportWithReasons {
  const noValue: Record<string, string> = {};
  const show = (field: keyof PeriodReport, kpi: KpiValue, digits = 2): number | null => {
    if (kpi.kind === 'none') noValue[field] = kpi.reason;
    return roundForDisplay(kpi, digits);
  };
  const major = (minor: number) => toMajorUnits(minor, minorUnitDigits);
  // A money ratio in minor units is shown in major units, rounded once from the exact ratio.
  const showMoney = (field: keyof PeriodReport, kpi: KpiValue): number | null => {
    if (kpi.kind === 'ratio')
      return roundForDisplay(
        ratio(kpi.numerator * kpi.scale, kpi.denominator * 10 ** minorUnitDigits, kpi.unit, field, 1),
      );
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
  return groups.map((group) => ({
    group: group.group,
    periods: group.periods.map((kpis) => toPeriodReport(kpis, minorUnitDigits)),
  }));
}

/** The CLI's `--json` row: exactly the report's fields, in its order. */
export function withoutReasons(row: PeriodReportWithReasons): PeriodReport {
  return periodReportSchema.parse(row);
}
