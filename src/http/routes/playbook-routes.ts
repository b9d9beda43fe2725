import type { Client } from '@hubspot/api-client';
import { Router, type Request } from 'express';
import { z } from 'zod';
import type { Database } from '../../db/client';
import { playbookDefinitionInputSchema, type PlaybookDefinition } from '../../domain/playbooks/playbook-schema';
import { calendarDateSchema } from '../../domain/time/calendar-date';
import { instantToLocalDate } from '../../domain/time/time-zone';
import {
  createPlaybook,
  findPlaybook,
  listPlaybooks,
  replacePlaybook,
} from '../../services/playbooks/playbook-definitions';
import { playbookOutcomes, playbookRuns } from '../../services/playbooks/playbook-outcomes';
import { previewPlaybook } from '../../services/playbooks/playbook-preview';
import { checkPropertySteps } from '../../services/playbooks/property-step-validation';
import { ServiceError } from '../../services/service-error';
import type { HttpModule } from '../http-module';
import { jsonBody } from '../json-body';
import type { PortalResolver } from '../portal-resolver';
import { actorOf } from '../request-actor';
import { parseBody, parseQuery } from '../validation';

export const playbooksApiPath = '/api/v1/playbooks';

export const playbookPortalQuerySchema = z.object({ portalId: z.coerce.number().int().positive().optional() });
export const playbookRunsQuerySchema = playbookPortalQuerySchema.extend({
  limit: z.coerce.number().int().min(1).max(1_000).default(100),
});
export const playbookOutcomesQuerySchema = playbookPortalQuerySchema.extend({ asOf: calendarDateSchema.optional() });
export const playbookIdSchema = z.uuid().describe('The playbook id');

function playbookIdOf(value: unknown): string {
  const parsed = playbookIdSchema.safeParse(value);
  if (!parsed.success) throw ServiceError.fromZod(parsed.error, 'id');
  return parsed.data;
}

function notFound(id: string): ServiceError {
  return new ServiceError('not_found', `Playbook ${id} does not exist in this portal`);
}

/**
 * The portal's playbooks: list, create, replace one; what one would open today; its runs and its outcomes against the
 * holdout. With `hubspotClientFor`, property steps are checked against the portal's company properties when saved.
 */
export function playbookRouter(
  db: Database,
  portals: PortalResolver,
  hubspotClientFor?: (portalId: number) => Promise<Client>,
): Router {
  const router = Router();
  const checkSteps = async (portalId: number, definition: PlaybookDefinition) => {
    if (hubspotClientFor) await checkPropertySteps(definition, () => hubspotClientFor(portalId));
  };
  router.get('/', async (request, response) => {
    const query = parseQuery(playbookPortalQuerySchema, request.query);
    const portal = await portals.resolve(query.portalId, request);
    response.json({ portalId: portal.id, playbooks: await listPlaybooks(db, portal.id) });
  });
  router.post('/', async (request, response) => {
    const query = parseQuery(playbookPortalQuerySchema, request.query);
    const portal = await portals.resolve(query.portalId, request);
    const definition = parseBody(playbookDefinitionInputSchema, request.body);
    await checkSteps(portal.id, definition);
    response.status(201).json(await createPlaybook(db, portal.id, definition, actorOf(request)));
  });
  // Before `/:id` routes: what a definition would open today, stored nowhere.
  router.post('/preview', async (request, response) => {
    const query = parseQuery(playbookPortalQuerySchema, request.query);
    const portal = await portals.resolve(query.portalId, request);
    const definition = parseBody(playbookDefinitionInputSchema, request.body);
    const today = instantToLocalDate(Date.now(), portal.timeZone);
    response.json({ portalId: portal.id, ...(await previewPlaybook(db, portal, definition, today)) });
  });
  router.put('/:id', async (request, response) => {
    const query = parseQuery(playbookPortalQuerySchema, request.query);
    // The portal first: a caller naming another portal learns that, and nothing about the id.
    const portal = await portals.resolve(query.portalId, request);
    const id = playbookIdOf(request.params.id);
    const definition = parseBody(playbookDefinitionInputSchema, request.body);
    await checkSteps(portal.id, definition);
    const stored = await replacePlaybook(db, portal.id, id, definition, actorOf(request));
    if (stored === null) throw notFound(id);
    response.json(stored);
  });
  // The portal first: a caller naming another portal learns that, and nothing about the id.
  const storedPlaybookOf = async (request: Request, portalId: number | undefined) => {
    const portal = await portals.resolve(portalId, request);
    const id = playbookIdOf(request.params.id);
    const playbook = await findPlaybook(db, portal.id, id);
    if (playbook === null) throw notFound(id);
    return { portal, id, playbook };
  };
  router.get('/:id/runs', async (request, response) => {
    const query = parseQuery(playbookRunsQuerySchema, request.query);
    const { portal, id } = await storedPlaybookOf(request, query.portalId);
    response.json({ playbookId: id, runs: await playbookRuns(db, portal.id, id, query.limit) });
  });
  router.get('/:id/preview', async (request, response) => {
    const query = parseQuery(playbookPortalQuerySchema, request.query);
    const { portal, id, playbook } = await storedPlaybookOf(request, query.portalId);
    const today = instantToLocalDate(Date.now(), portal.timeZone);
    response.json({ playbookId: id, ...(await previewPlaybook(db, portal, playbook, today, id)) });
  });
  router.get('/:id/outcomes', async (request, response) => {
    const query = parseQuery(playbookOutcomesQuerySchema, request.query);
    const { portal, id, playbook } = await storedPlaybookOf(request, query.portalId);
    const asOf = query.asOf ?? instantToLocalDate(Date.now(), portal.timeZone);
    response.json({
      playbookId: id,
      name: playbook.name,
      holdoutPercent: playbook.holdoutPercent,
      asOf,
      ...(await playbookOutcomes(db, portal.id, id, asOf)),
    });
  });
  return router;
}

/**
 * `GET/POST /api/v1/playbooks`, `POST /api/v1/playbooks/preview`, `PUT /api/v1/playbooks/:id`, and `GET` of a playbook's
 * `preview`, `runs` and `outcomes`.
 */
export function playbookModule(hubspotClientFor?: (portalId: number) => Promise<Client>): HttpModule {
  return (app, { db, portals }) => {
    app.use(playbooksApiPath, jsonBody('64kb'), playbookRouter(db, portals, hubspotClientFor));
  };
}
