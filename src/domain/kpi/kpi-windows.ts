// Shared by the product's SQL path (src/services/kpi) and the reference (period-kpis.ts): where a window of days starts.
import { addDays, type CalendarDate } from '../time/calendar-date';
import type { Period } from '../time/periods';
import type { KpiSettings } from './kpi-settings';

/** The first day of a period's `mau` window (domain §3.1): the period's first day, or 30 days back from its last. */
export function mauWindowStart(
  period: Pick<Period, 'firstDay' | 'lastDay'>,
  window: KpiSettings['activeUsers']['monthlyWindow'],
): CalendarDate {
  return window === 'calendar-month' ? period.firstDay : addDays(period.lastDay, -29);
}
