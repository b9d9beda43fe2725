import { Router, type Request } from 'express';
import { z } from 'zod';
import type { Portal } from '../../services/portfolio/portal-directory';
import { calendarDateSchema } from '../../domain/time/calendar-date';
import { instantToLocalDate } from '../../domain/time/time-zone';
import {
  clearManualStage,
  completeMilestone,
  dismissSuggestion,
  loadCompanySuccess,
  setManualStage,
} from '../../services/customer-success/company-success';
import {
  completeMilestoneBodySchema,
  dismissSuggestionBodySchema,
  setManualStageBodySchema,
} from '../../services/customer-success/company-success-schema';
import { healthHistory, latestAlerts } from '../../services/customer-success/health-history';
import { ServiceError } from '../../services/service-error';
import type { HttpModule } from '../http-module';
import type { PortalResolver } from '../portal-resolver';
import { actorOf } from '../request-actor';
import { parseBody, parseQuery } from '../validation';
import { jsonBody } from '../json-body';

export const readQuerySchema = z.object({
  portalId: z.coerce.number().int().positive().optional(),
  asOf: calendarDateSchema.optional(),
  historyDays: z.coerce.number().int().min(1).max(730).default(90),
});
export const alertsQuerySchema = readQuerySchema.extend({
  /** The company's CSM: assigned at hand-off, else its owner. */
  csmId: z.string().min(1).max(64).optional(),
  /** The company's HubSpot owner, who stays the sales rep when the hand-off assigns a CSM of its own. */
  ownerId: z.string().min(1).max(64).optional(),
});
export const writeQuerySchema = z.object({ portalId: z.coerce.number().int().positive().optional() });
const companyIdSchema = z.string().min(1).max(64);

function companyIdOf(request: Request): string {
  const parsed = companyIdSchema.safeParse(request.params.id);
  if (!parsed.success) throw ServiceError.fromZod(parsed.error, 'id');
  return parsed.data;
}

function today(portal: Portal): string {
  return instantToLocalDate(Date.now(), portal.timeZone);
}

async function readContext(request: Request, portals: PortalResolver) {
  const query = parseQuery(readQuerySchema, request.query);
  const portal = await portals.resolve(query.portalId, request);
  return { portal, asOf: query.asOf ?? today(portal), query, companyId: companyIdOf(request) };
}

function notFound(companyId: string): ServiceError {
  return new ServiceError('not_found', `Company ${companyId} is not synced`);
}

function customerSuccessRouter(db: Parameters<HttpModule>[1]['db'], portals: PortalResolver): Router {
  const router = Router();
  router.get('/companies/:id/health', async (request, response) => {
    const { portal, asOf, query, companyId } = await readContext(request, portals);
    const success = await loadCompanySuccess(db, portal.id, companyId, asOf);
    if (success === null) throw notFound(companyId);
    const history = await healthHistory(db, portal.id, companyId, asOf, query.historyDays);
    response.json({ companyId, asOf, health: success.health, history });
  });
  router.get('/companies/:id/suggestions', async (request, response) => {
    const { portal, asOf, companyId } = await readContext(request, portals);
    const success = await loadCompanySuccess(db, portal.id, companyId, asOf);
    if (success === null) throw notFound(companyId);
    response.json({
      companyId,
      asOf,
      currency: success.currency,
      suggestions: success.suggestions,
      suppressed: success.suggestionsSuppressed,
    });
  });
  router.get('/companies/:id/success', async (request, response) => {
    const { portal, asOf, companyId } = await readContext(request, portals);
    const success = await loadCompanySuccess(db, portal.id, companyId, asOf);
    if (success === null) throw notFound(companyId);
    response.json(success);
  });
  router.get('/alerts', async (request, response) => {
    const query = parseQuery(alertsQuerySchema, request.query);
    const portal = await portals.resolve(query.portalId, request);
    response.json(
      await latestAlerts(db, portal.id, query.asOf ?? today(portal), { csmId: query.csmId, ownerId: query.ownerId }),
    );
  });
  router.post('/companies/:id/stage', async (request, response) => {
    const portal = await portals.resolve(parseQuery(writeQuerySchema, request.query).portalId, request);
    const companyId = companyIdOf(request);
    const { stage } = parseBody(setManualStageBodySchema, request.body);
    if (stage !== null)
      response.json({ manualOverride: await setManualStage(db, portal.id, companyId, stage, actorOf(request)) });
    else {
      await clearManualStage(db, portal.id, companyId, actorOf(request));
      response.json({ manualOverride: null });
    }
  });
  router.post('/companies/:id/milestones/:key/complete', async (request, response) => {
    const portal = await portals.resolve(parseQuery(writeQuerySchema, request.query).portalId, request);
    const companyId = companyIdOf(request);
    parseBody(completeMilestoneBodySchema, request.body ?? {});
    await completeMilestone(db, portal.id, companyId, request.params.key, actorOf(request));
    response.json(await loadCompanySuccess(db, portal.id, companyId, today(portal)));
  });
  router.post('/companies/:id/suggestions/:suggestionId/dismiss', async (request, response) => {
    const portal = await portals.resolve(parseQuery(writeQuerySchema, request.query).portalId, request);
    const companyId = companyIdOf(request);
    const body = parseBody(dismissSuggestionBodySchema, request.body);
    response.json(
      await dismissSuggestion(db, portal.id, companyId, request.params.suggestionId, body.reason, actorOf(request)),
    );
  });
  return router;
}

/** Health, alerts, suggestions and the CSM's actions on onboarding and suggestions. */
export function customerSuccessModule(): HttpModule {
  return (app, { db, portals }) => {
    app.use('/api/v1', jsonBody('64kb'), customerSuccessRouter(db, portals));
  };
}
