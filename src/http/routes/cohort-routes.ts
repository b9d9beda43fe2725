import { Router } from 'express';
import { z } from 'zod';
import type { Database } from '../../db/client';
import { cohortCutSchema, maximumCohortMonths, monthsFrom } from '../../domain/kpi/cohort-triangle';
import { calendarMonthSchema } from '../../domain/time/calendar-date';
import { minorUnitDigits } from '../../domain/contracts/currency';
import { toCohortGroupReports } from '../../services/kpi/cohort-report';
import { cohortRetentionAsOf } from '../../services/kpi/cohort-retention-service';
import { customerCountingNotes } from '../../domain/kpi/customer-counting';
import type { HttpModule } from '../http-module';
import type { PortalResolver } from '../portal-resolver';
import { parseQuery } from '../validation';

export const cohortQuerySchema = z
  .object({
    from: calendarMonthSchema.describe('The first cohort month, YYYY-MM'),
    to: calendarMonthSchema.describe("The report's last month, YYYY-MM (no later than the running month is measured)"),
    cut: cohortCutSchema.optional(),
    portalId: z.coerce.number().int().positive().optional(),
  })
  .superRefine((query, context) => {
    const months = monthsFrom(query.from, query.to) + 1;
    if (months < 1) context.addIssue({ code: 'custom', path: ['to'], message: 'must not be before from' });
    if (months > maximumCohortMonths)
      context.addIssue({
        code: 'custom',
        path: ['to'],
        message: `the range is ${months} months; at most ${maximumCohortMonths}`,
      });
  });

export const cohortApiPath = '/api/v1/cohorts';

export function cohortRouter(db: Database, portals: PortalResolver): Router {
  const router = Router();
  router.get('/', async (request, response) => {
    const query = parseQuery(cohortQuerySchema, request.query);
    const portal = await portals.resolve(query.portalId, request);
    const { asOfDate, customers, groups } = await cohortRetentionAsOf(db, {
      portalId: portal.id,
      timeZone: portal.timeZone,
      from: query.from,
      to: query.to,
      cut: query.cut ?? null,
    });
    const reports = toCohortGroupReports(groups, minorUnitDigits(portal.currency));
    const context = {
      portalId: portal.id,
      currency: portal.currency,
      customers,
      customersNote: customerCountingNotes[customers],
      timeZone: portal.timeZone,
      from: query.from,
      to: query.to,
      asOfDate,
    };
    response.json(
      query.cut === undefined
        ? { ...context, cohorts: reports[0]?.cohorts ?? [] }
        : { ...context, cut: query.cut, groups: reports },
    );
  });
  return router;
}

/** `GET /api/v1/cohorts`: logo and revenue retention by start-month cohort (domain §3.2), optionally cut. */
export function cohortModule(): HttpModule {
  return (app, { db, portals }) => {
    app.use(cohortApiPath, cohortRouter(db, portals));
  };
}
