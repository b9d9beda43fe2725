import { z } from 'zod';
import { roundForDisplay, type KpiValue } from '../../domain/kpi/kpi-value';
import { toMajorUnits } from '../../domain/money/major-units';
import type { GroupKpis, PortfolioPeriodKpis } from './kpi-aggregates';

const money = z.number();
const rate = z.number().nullable();

/** One period as the API and the CLI print it: money in major units, rates in percent, null without a value. */
export const periodReportSchema = z.object({
  period: z.string(),
  customersStart: z.number().int(),
  customersEnd: z.number().int(),
  newCustomers: z.number().int(),
  churnedCustomers: z.number().int(),
  customerChurnRate: rate,
  retentionRate: rate,
  startMrr: money,
  newMrr: money,
  expansionMrr: money,
  contractionMrr: money,
  churnedMrr: money,
  endMrr: money,
  nrr: rate,
  grr: rate,
  revenueChurnRate: rate,
  upsellRate: rate,
  crossSellRate: rate,
  nps: rate,
  csatPercent: rate,
  csatMean: rate,
  mau: z.number().int(),
  meanSessionMinutes: rate,
});

export type PeriodReport = z.infer<typeof periodReportSchema>;

/** The report row plus, for each null, why there is no value. */
export type PeriodReportWithReasons = PeriodReport & { noValue: Record<string, string> };

export function toPeriodReport(kpis: PortfolioPeriodKpis, minorUnitDigits: number): PeriodReportWithReasons {
  const noValue: Record<string, string> = {};
  const show = (field: string, value: KpiValue, digits = 2): number | null => {
    if (value.kind === 'none') noValue[field] = value.reason;
    return roundForDisplay(value, digits);
  };
  const major = (minor: number) => toMajorUnits(minor, minorUnitDigits);
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
    upsellRate: show('upsellRate', kpis.upsellRate),
    crossSellRate: show('crossSellRate', kpis.crossSellRate),
    // Domain §3: NPS is shown as a whole number.
    nps: show('nps', kpis.nps, 0),
    csatPercent: show('csatPercent', kpis.csatPercent),
    csatMean: show('csatMean', kpis.csatMean),
    mau: kpis.mau,
    meanSessionMinutes: show('meanSessionMinutes', kpis.meanSessionMinutes),
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
