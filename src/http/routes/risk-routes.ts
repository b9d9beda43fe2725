import express, { Router } from 'express';
import { z } from 'zod';
import type { Database } from '../../db/client';
import type { Portal } from '../../db/repositories/portals-repository';
import { toMajorUnits } from '../../domain/money/major-units';
import { calendarDateSchema } from '../../domain/time/calendar-date';
import { instantToLocalDate } from '../../domain/time/time-zone';
import { minorUnitDigits } from '../../hubspot/portal-details';
import { companyChurnRisk, portalBacktest, upcomingRenewals } from '../../services/risk/risk-service';
import { AppError } from '../app-error';
import type { HttpModule } from '../http-module';
import type { PortalResolver } from '../portal-resolver';
import { parseQuery } from '../validation';

const readQuerySchema = z.object({
  portalId: z.coerce.number().int().positive().optional(),
  asOf: calendarDateSchema.optional(),
});
const renewalsQuerySchema = readQuerySchema.extend({ within: z.coerce.number().int().min(1).max(730).default(90) });
const companyIdSchema = z.string().min(1).max(64);

function today(portal: Portal): string {
  return instantToLocalDate(Date.now(), portal.timeZone);
}

export function riskRouter(db: Database, portals: PortalResolver): Router {
  const router = Router();
  router.get('/renewals', async (request, response) => {
    const query = parseQuery(renewalsQuerySchema, request.query);
    const portal = await portals.resolve(query.portalId, request);
    const asOf = query.asOf ?? today(portal);
    const result = await upcomingRenewals(db, portal.id, asOf, query.within);
    const digits = minorUnitDigits(portal.currency);
    response.json({
      asOf,
      within: query.within,
      currency: portal.currency,
      method: result.method,
      reason: result.reason,
      renewals: result.renewals.map(({ amountMinor, ...renewal }) => ({ ...renewal, amount: toMajorUnits(amountMinor, digits) })),
    });
  });
  router.get('/companies/:id/risk', async (request, response) => {
    const query = parseQuery(readQuerySchema, request.query);
    const parsedId = companyIdSchema.safeParse(request.params.id);
    if (!parsedId.success) throw AppError.fromZod(parsedId.error, 'id');
    const portal = await portals.resolve(query.portalId, request);
    const asOf = query.asOf ?? today(portal);
    const risk = await companyChurnRisk(db, portal.id, parsedId.data, asOf);
    if (risk === null) throw new AppError('not_found', `Company ${parsedId.data} has no contracts in this portal`);
    response.json({ companyId: parsedId.data, asOf, ...risk });
  });
  router.get('/risk/backtest', async (request, response) => {
    const query = parseQuery(readQuerySchema, request.query);
    const portal = await portals.resolve(query.portalId, request);
    response.json(await portalBacktest(db, portal.id, query.asOf ?? today(portal)));
  });
  return router;
}

/** `GET /api/v1/renewals`, `GET /api/v1/companies/:id/risk`, `GET /api/v1/risk/backtest`. */
export function riskModule(): HttpModule {
  return (app, { db, portals }) => {
    app.use('/api/v1', express.json({ limit: '16kb' }), riskRouter(db, portals));
  };
}
