import express, { Router } from 'express';
import { z } from 'zod';
import type { Database } from '../../db/client';
import { settingsKinds, type SettingsKind } from '../../domain/settings/settings-kind';
import type { SettingsProblem } from '../../domain/settings/settings-validation';
import type { JobQueue } from '../../jobs/job-queue';
import {
  changeSettings,
  readSettings,
  readSettingsHistory,
  StoredSettingsInvalidError,
} from '../../services/settings/settings-service';
import { ServiceError } from '../../services/service-error';
import type { HttpModule } from '../http-module';
import type { PortalResolver } from '../portal-resolver';
import { actorOf } from '../request-actor';
import { parseQuery } from '../validation';

export const settingsApiPath = '/api/v1/settings';

export const settingsReadQuerySchema = z.object({
  portalId: z.coerce.number().int().positive().optional(),
  history: z.coerce.number().int().min(0).max(100).default(0),
});
export const settingsWriteQuerySchema = z.object({ portalId: z.coerce.number().int().positive().optional() });

function invalidSettings(kind: SettingsKind, problems: readonly SettingsProblem[]): ServiceError {
  const summary = problems
    .map((problem) => `${problem.field}: ${problem.message} (expected ${problem.expected}, sent ${problem.sent})`)
    .join('; ');
  return new ServiceError('validation_failed', `Invalid ${kind} settings, nothing was changed: ${summary}`, {
    fields: problems,
  });
}

async function readOrExplain<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof StoredSettingsInvalidError) throw new ServiceError('conflict', error.message);
    throw error;
  }
}

/**
 * `GET`/`PUT /api/v1/settings/{kind}` (every settings kind): the portal's settings of one kind. A PUT replaces them
 * (what it leaves out takes the defaults) and, when stored health scores depend on the change, queues their recompute.
 */
export function settingsRouter(db: Database, portals: PortalResolver, jobs?: JobQueue): Router {
  const router = Router();
  for (const kind of settingsKinds) {
    router.get(`/${kind}`, async (request, response) => {
      const query = parseQuery(settingsReadQuerySchema, request.query);
      const portal = await portals.resolve(query.portalId, request);
      const record = await readOrExplain(() => readSettings(db, portal.id, kind));
      const history =
        query.history > 0 ? { history: await readSettingsHistory(db, portal.id, kind, query.history) } : {};
      response.json({ portalId: portal.id, ...record, ...history });
    });
    router.put(`/${kind}`, async (request, response) => {
      const query = parseQuery(settingsWriteQuerySchema, request.query);
      const portal = await portals.resolve(query.portalId, request);
      if (!request.is('application/json')) {
        throw new ServiceError(
          'validation_failed',
          `A PUT of ${kind} settings needs a JSON body (Content-Type: application/json)`,
          {
            fields: [
              {
                field: 'body',
                message: 'a JSON object',
                expected: 'an object',
                sent: request.get('content-type') ?? '(no content type)',
              },
            ],
          },
        );
      }
      const result = await readOrExplain(() => changeSettings(db, portal.id, kind, request.body, actorOf(request)));
      if (!result.stored) throw invalidSettings(kind, result.problems);
      // Sent after the change committed: the job reads the settings it must score with.
      if (result.recomputeHealth && jobs) await jobs.send('health.recompute', { portalId: portal.id, force: true });
      // Contracts hold amounts already converted: a full sync derives them again with the rates just set.
      if (kind === 'currency' && jobs) await jobs.send('sync.full', { portalId: portal.id });
      const recompute = !result.recomputeHealth ? 'not-needed' : jobs ? 'queued' : 'next-daily-run';
      response.json({ portalId: portal.id, ...result.record, healthRecompute: recompute });
    });
  }
  return router;
}

export function settingsModule(options: { readonly jobs?: JobQueue } = {}): HttpModule {
  return (app, { db, portals }) => {
    app.use(settingsApiPath, express.json({ limit: '256kb' }), settingsRouter(db, portals, options.jobs));
  };
}
