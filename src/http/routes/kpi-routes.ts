import { Router } from 'express';
import { z } from 'zod';
import type { Database } from '../../db/client';
import { calendarMonthSchema, monthOf } from '../../domain/time/calendar-date';
import { instantToLocalDate } from '../../domain/time/time-zone';
import { periodKindSchema } from '../../domain/time/periods';
import { minorUnitDigits } from '../../domain/contracts/currency';
import { toGroupReports } from '../../services/kpi/kpi-report';
import { customerCounting } from '../../services/kpi/customer-counting-service';
import { renewalsNoteOf } from '../../services/kpi/renewals-note-service';
import { customerCountingNotes } from '../../domain/kpi/customer-counting';
import { kpiCutSchema, portfolioKpis } from '../../services/kpi/portfolio-kpis-service';
import type { HttpModule } from '../http-module';
import type { PortalResolver } from '../portal-resolver';
import { parseQuery } from '../validation';
import { jsonBody } from '../json-body';

/** Ten years of months keeps one request's work bounded. */
export const maximumRangeMonths = 120;

function monthIndex(month: string): number {
  return Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;
}

export const kpiQuerySchema = z
  .object({
    from: calendarMonthSchema,
    to: calendarMonthSchema,
    period: periodKindSchema.default('month'),
    cut: kpiCutSchema.optional(),
    portalId: z.coerce.number().int().positive().optional(),
  })
  .superRefine((query, context) => {
    const months = monthIndex(query.to) - monthIndex(query.from) + 1;
    if (months < 1) context.addIssue({ code: 'custom', path: ['to'], message: 'must not be before from' });
    if (months > maximumRangeMonths)
      context.addIssue({
        code: 'custom',
        path: ['to'],
        message: `the range is ${months} months; at most ${maximumRangeMonths}`,
      });
  });

export function kpiRouter(db: Database, portals: PortalResolver): Router {
  const router = Router();
  router.get('/', async (request, response) => {
    const query = parseQuery(kpiQuerySchema, request.query);
    const portal = await portals.resolve(query.portalId, request);
    // Today in the portal: the running period is measured on it and marked partial; later months have no figures yet.
    const asOf = instantToLocalDate(Date.now(), portal.timeZone);
    parseQuery(
      z.object({
        to: calendarMonthSchema.refine(
          (to) => to <= monthOf(asOf),
          `must not be after the current month, ${monthOf(asOf)}`,
        ),
      }),
      { to: query.to },
    );
    const groups = await portfolioKpis(db, {
      portalId: portal.id,
      timeZone: portal.timeZone,
      from: query.from,
      to: query.to,
      period: query.period,
      cut: query.cut ?? null,
      asOf,
    });
    const reports = toGroupReports(groups, minorUnitDigits(portal.currency));
    const customers = await customerCounting(db, portal.id);
    const context = {
      portalId: portal.id,
      currency: portal.currency,
      customers,
      customersNote: customerCountingNotes[customers],
      renewalsNote: await renewalsNoteOf(db, portal.id),
      timeZone: portal.timeZone,
      asOf,
      period: query.period,
      from: query.from,
      to: query.to,
    };
    response.json(
      query.cut === undefined
        ? { ...context, periods: reports[0]?.periods ?? [] }
        : { ...context, cut: query.cut, groups: reports },
    );
  });
  return router;
}

/** `GET /api/v1/kpis`: every KPI of domain §3.1 per period, optionally cut by a company attribute; `noValue` says why a field is null. */
export function kpiModule(): HttpModule {
  return (app, { db, portals }) => {
    app.use('/api/v1/kpis', jsonBody('16kb'), kpiRouter(db, portals));
  };
}
