import express, { Router } from 'express';
import { z } from 'zod';
import type { Database } from '../../db/client';
import type { Portal } from '../../services/portfolio/portal-directory';
import { toMajorUnits } from '../../domain/money/major-units';
import type { ForecastTotals } from '../../domain/risk/renewal-forecast';
import { calendarDateSchema } from '../../domain/time/calendar-date';
import { instantToLocalDate } from '../../domain/time/time-zone';
import { minorUnitDigits } from '../../domain/contracts/currency';
import { periodFromLabel } from '../../domain/time/periods';
import { companyChurnRisk, portalBacktest, quarterForecast, upcomingRenewals } from '../../services/risk/risk-service';
import { ServiceError } from '../../services/service-error';
import type { HttpModule } from '../http-module';
import type { PortalResolver } from '../portal-resolver';
import { parseQuery } from '../validation';

export const riskReadQuerySchema = z.object({
  portalId: z.coerce.number().int().positive().optional(),
  asOf: calendarDateSchema.optional(),
});
export const renewalsQuerySchema = riskReadQuerySchema.extend({
  within: z.coerce.number().int().min(1).max(730).default(90),
});
const companyIdSchema = z.string().min(1).max(64);
export const forecastQuerySchema = riskReadQuerySchema.extend({
  quarter: z.string().regex(/^\d{4}-Q[1-4]$/, 'expected a quarter like 2026-Q4'),
});

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
      model: result.model,
      renewals: result.renewals.map(({ amountMinor, ...renewal }) => ({
        ...renewal,
        amount: toMajorUnits(amountMinor, digits),
      })),
    });
  });
  router.get('/companies/:id/risk', async (request, response) => {
    const query = parseQuery(riskReadQuerySchema, request.query);
    const parsedId = companyIdSchema.safeParse(request.params.id);
    if (!parsedId.success) throw ServiceError.fromZod(parsedId.error, 'id');
    const portal = await portals.resolve(query.portalId, request);
    const asOf = query.asOf ?? today(portal);
    const risk = await companyChurnRisk(db, portal.id, parsedId.data, asOf);
    if (risk === null) throw new ServiceError('not_found', `Company ${parsedId.data} has no contracts in this portal`);
    response.json({ companyId: parsedId.data, asOf, ...risk });
  });
  router.get('/risk/backtest', async (request, response) => {
    const query = parseQuery(riskReadQuerySchema, request.query);
    const portal = await portals.resolve(query.portalId, request);
    response.json(await portalBacktest(db, portal.id, query.asOf ?? today(portal)));
  });
  router.get('/forecast', async (request, response) => {
    const query = parseQuery(forecastQuerySchema, request.query);
    const quarter = periodFromLabel(query.quarter);
    if (quarter === null)
      throw new ServiceError('validation_failed', 'Invalid query: quarter', {
        fields: [{ field: 'quarter', message: 'expected a quarter like 2026-Q4' }],
      });
    const portal = await portals.resolve(query.portalId, request);
    const asOf = query.asOf ?? today(portal);
    const forecast = await quarterForecast(db, portal.id, quarter.firstDay, quarter.lastDay, asOf);
    const major = (minor: number) => toMajorUnits(minor, minorUnitDigits(portal.currency));
    const figures = (totals: ForecastTotals) => ({
      renewals: totals.renewals,
      amountUp: major(totals.amountUpMinor),
      expectedRenewed: major(totals.expectedRenewedMinor),
      interval: totals.intervalMinor.map(major),
      atRisk: major(totals.atRiskMinor),
      actualRenewed: totals.actualRenewedMinor === null ? null : major(totals.actualRenewedMinor),
      error: totals.errorMinor === null ? null : major(totals.errorMinor),
      withinInterval: totals.withinInterval,
    });
    response.json({
      quarter: quarter.label,
      asOf,
      currency: portal.currency,
      forecastDate: forecast.forecastDate,
      method: forecast.method,
      reason: forecast.reason,
      settled: forecast.settled,
      ...figures(forecast),
      byCsm: forecast.byCsm.map((group) => ({ csmId: group.key, csm: group.label, ...figures(group) })),
      byOwner: forecast.byOwner.map((group) => ({ ownerId: group.key, owner: group.label, ...figures(group) })),
      bySegment: forecast.bySegment.map((group) => ({ segment: group.key, label: group.label, ...figures(group) })),
    });
  });
  return router;
}

/** `GET /api/v1/renewals`, `GET /api/v1/companies/:id/risk`, `GET /api/v1/risk/backtest`, `GET /api/v1/forecast`. */
export function riskModule(): HttpModule {
  return (app, { db, portals }) => {
    app.use('/api/v1', express.json({ limit: '16kb' }), riskRouter(db, portals));
  };
}
