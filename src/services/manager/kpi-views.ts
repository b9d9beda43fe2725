import type { GroupKpis, ManagerCut, MonthKpis } from '../../../extensions/app/pages/shared/manager-payload';
import type { Executor } from '../../db/client';
import { minorUnitDigits } from '../../domain/contracts/currency';
import { addCalendarMonths, monthOf, type CalendarDate, type CalendarMonth } from '../../domain/time/calendar-date';
import { toGroupReports } from '../kpi/kpi-report';
import { portfolioKpis } from '../kpi/portfolio-kpis-service';
import { cutGroupLabel } from '../kpi/cut-group-labels';

export interface KpiScope {
  readonly portalId: number;
  readonly timeZone: string;
  readonly currency: string;
  /** Today in the portal's time zone: the running month is measured on it and marked partial. */
  readonly asOf: CalendarDate;
}

/** Every KPI of domain §3.1 per month of the range, straight from the KPI service. */
export async function monthlyKpis(
  db: Executor,
  scope: KpiScope,
  from: CalendarMonth,
  to: CalendarMonth,
): Promise<MonthKpis[]> {
  const groups = await portfolioKpis(db, {
    portalId: scope.portalId,
    timeZone: scope.timeZone,
    from,
    to,
    period: 'month',
    cut: null,
    asOf: scope.asOf,
  });
  const periods = toGroupReports(groups, minorUnitDigits(scope.currency))[0]?.periods ?? [];
  return periods;
}

/**
 * The headline month: the one asked for when it is in the range, else the last complete month (the last month if none
 * is). A month is complete once today is past its last day; the range never ends after the current month.
 */
export function headlineMonth(
  range: { from: CalendarMonth; to: CalendarMonth },
  asOf: CalendarDate,
  asked: CalendarMonth | undefined,
): CalendarMonth {
  if (asked !== undefined && asked >= range.from && asked <= range.to) return asked;
  if (range.to < monthOf(asOf) || range.from === range.to) return range.to;
  return addCalendarMonths(range.to, -1);
}

/**
 * KPIs per CSM, segment, lifecycle stage or cohort over the trailing twelve months ending with `to` (seed 002's
 * year-over-year NRR). The view passes its headline month: by default a complete one, whose figures are kept once
 * computed (see kept-periods.ts), where twelve months ending in the running one are computed on every request.
 */
export async function kpisByGroup(
  db: Executor,
  scope: KpiScope,
  to: CalendarMonth,
  cut: ManagerCut,
  owners: ReadonlyMap<string, string>,
): Promise<{ period: string; rows: GroupKpis[] }> {
  const groups = await portfolioKpis(db, {
    portalId: scope.portalId,
    timeZone: scope.timeZone,
    from: to,
    to,
    period: 'trailing-twelve-months',
    cut,
    asOf: scope.asOf,
  });
  const reports = toGroupReports(groups, minorUnitDigits(scope.currency));
  const labelOf = (key: string | null) => cutGroupLabel(cut, key, owners);
  const rows = reports.flatMap((group) =>
    group.periods[0] ? [{ key: group.group, label: labelOf(group.group), ...group.periods[0] }] : [],
  );
  // Most revenue first, so the biggest books lead the table.
  rows.sort((left, right) => right.endMrr - left.endMrr || left.label.localeCompare(right.label));
  return { period: reports[0]?.periods[0]?.period ?? `T12M-${to}`, rows };
}
