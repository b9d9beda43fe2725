import type { GroupKpis, ManagerCut, MonthKpis } from '../../../extensions/app/pages/shared/manager-payload';
import type { Executor } from '../../db/client';
import { minorUnitDigits } from '../../hubspot/portal-details';
import type { CalendarMonth } from '../../domain/time/calendar-date';
import { toGroupReports, type PeriodReportWithReasons } from '../kpi/kpi-report';
import { portfolioKpis } from '../kpi/portfolio-kpis-service';
import { inWords, tierLabel } from '../wording/labels';

export interface KpiScope {
  readonly portalId: number;
  readonly timeZone: string;
  readonly currency: string;
}

/** NRR, GRR and churn per month of the range, straight from the KPI service (domain §3). */
export async function monthlyKpis(db: Executor, scope: KpiScope, from: CalendarMonth, to: CalendarMonth): Promise<MonthKpis[]> {
  const groups = await portfolioKpis(db, { portalId: scope.portalId, timeZone: scope.timeZone, from, to, period: 'month', cut: null });
  const periods = toGroupReports(groups, minorUnitDigits(scope.currency))[0]?.periods ?? [];
  return periods.map((report) => ({ month: report.period, ...kpiFigures(report), startMrr: report.startMrr }));
}

const missingLabels: Record<ManagerCut, string> = { owner: 'Unassigned', tier: 'No tier', industry: 'No industry', onboarding_cohort: 'No hand-off' };

/** The figures of a period's report that the manager view shows (see kpiFigures in manager-payload.ts). */
function kpiFigures(report: PeriodReportWithReasons): Omit<GroupKpis, 'key' | 'label'> {
  return {
    customersStart: report.customersStart,
    customersEnd: report.customersEnd,
    churnedCustomers: report.churnedCustomers,
    customerChurnRate: report.customerChurnRate,
    nrr: report.nrr,
    grr: report.grr,
    endMrr: report.endMrr,
  };
}

function groupRow(key: string | null, label: string, report: PeriodReportWithReasons): GroupKpis {
  return { key, label, ...kpiFigures(report) };
}

/** KPIs per CSM, segment or cohort over the trailing twelve months ending with `to` (seed 002's year-over-year NRR). */
export async function kpisByGroup(
  db: Executor,
  scope: KpiScope,
  to: CalendarMonth,
  cut: ManagerCut,
  owners: ReadonlyMap<string, string>,
): Promise<{ period: string; rows: GroupKpis[] }> {
  const groups = await portfolioKpis(db, { portalId: scope.portalId, timeZone: scope.timeZone, from: to, to, period: 'trailing-twelve-months', cut });
  const reports = toGroupReports(groups, minorUnitDigits(scope.currency));
  const labelOf = (key: string | null) => {
    if (key === null) return missingLabels[cut];
    if (cut === 'owner') return owners.get(key) ?? `Owner ${key}`;
    if (cut === 'tier') return tierLabel(key);
    return cut === 'onboarding_cohort' ? key : inWords(key);
  };
  const rows = reports.flatMap((group) => (group.periods[0] ? [groupRow(group.group, labelOf(group.group), group.periods[0])] : []));
  // Most revenue first, so the biggest books lead the table.
  rows.sort((left, right) => right.endMrr - left.endMrr || left.label.localeCompare(right.label));
  return { period: reports[0]?.periods[0]?.period ?? `T12M-${to}`, rows };
}
