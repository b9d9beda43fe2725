import type { RetentionCohort } from '../../../extensions/app/pages/shared/manager-payload';
import type { Executor } from '../../db/client';
import type { CalendarMonth } from '../../domain/time/calendar-date';
import { minorUnitDigits } from '../../domain/contracts/currency';
import { cohortWithoutReasons, toCohortGroupReports } from '../kpi/cohort-report';
import { cohortRetention } from '../kpi/cohort-retention-service';

/** The manager view's cohort triangle: the cohort service's figures for the view's range, as the API prints them. */
export async function cohortRetentionView(
  db: Executor,
  scope: { portalId: number; timeZone: string; currency: string },
  from: CalendarMonth,
  to: CalendarMonth,
  asOf: string,
): Promise<{ cohorts: RetentionCohort[] }> {
  const groups = await cohortRetention(db, {
    portalId: scope.portalId,
    timeZone: scope.timeZone,
    from,
    to,
    asOfDate: asOf,
  });
  const [portfolio] = toCohortGroupReports(groups, minorUnitDigits(scope.currency));
  return { cohorts: (portfolio?.cohorts ?? []).map(cohortWithoutReasons) };
}
