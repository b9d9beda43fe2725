import { managerCutSchema } from '../../../extensions/app/pages/shared/manager-payload';
import type { Executor } from '../../db/client';
import type { Portal } from '../../db/repositories/portals-repository';
import { addCalendarMonths, monthOf, type CalendarDate } from '../../domain/time/calendar-date';
import { portfolioKpis } from '../kpi/portfolio-kpis-service';
import { headlineMonth } from './kpi-views';
import { resolveRange } from './manager-portfolio-service';

export interface KeptViewKpis {
  /** The reports computed or read: the trend's complete months, and the twelve months to the headline per cut. */
  readonly reports: number;
  readonly milliseconds: number;
}

/**
 * Computes, ahead of a manager opening the view, the complete periods its default page asks for: the trend's months
 * before the running one (uncut) and the trailing twelve months to the headline month by every cut. Each is kept
 * (see kept-periods.ts), so the page computes only the running month; periods already kept are only read.
 */
export async function keepManagerViewKpis(db: Executor, portal: Portal, asOf: CalendarDate): Promise<KeptViewKpis> {
  const started = performance.now();
  const { from, to } = resolveRange({ cut: 'owner' }, asOf);
  const headline = headlineMonth({ from, to }, asOf, undefined);
  const currentMonth = monthOf(asOf);
  const scope = { portalId: portal.id, timeZone: portal.timeZone, asOf };
  let reports = 0;
  const lastComplete = to < currentMonth ? to : addCalendarMonths(to, -1);
  if (from <= lastComplete) {
    await portfolioKpis(db, { ...scope, from, to: lastComplete, period: 'month', cut: null });
    reports += 1;
  }
  if (headline < currentMonth)
    for (const cut of managerCutSchema.options) {
      await portfolioKpis(db, { ...scope, from: headline, to: headline, period: 'trailing-twelve-months', cut });
      reports += 1;
    }
  return { reports, milliseconds: Math.round(performance.now() - started) };
}
