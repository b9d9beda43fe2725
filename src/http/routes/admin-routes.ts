import { Router } from 'express';
import type { Database } from '../../db/client';
import { findPortal } from '../../services/portfolio/portal-directory';
import { createKeyBodySchema, keysQuerySchema, revokeKeyBodySchema } from '../../services/ingestion/api-key-schema';
import { createApiKey, listKeys, revokeKey } from '../../services/ingestion/api-keys';
import { ServiceError } from '../../services/service-error';
import type { HttpModule } from '../http-module';
import { adminAuth } from '../middleware/admin-auth';
import { parseBody, parseQuery } from '../validation';
import { jsonBody } from '../json-body';

function adminRouter(db: Database): Router {
  const router = Router();
  router.post('/keys', async (request, response) => {
    const body = parseBody(createKeyBodySchema, request.body);
    const portalSynced = (await findPortal(db, body.portalId)) !== undefined;
    const key = await createApiKey(db, body.portalId, body.name, body.scope);
    response.status(201).json({ key, portalSynced });
  });
  router.get('/keys', async (request, response) => {
    const query = parseQuery(keysQuerySchema, request.query);
    response.json({ results: await listKeys(db, query.portalId) });
  });
  router.post('/keys/:id/revoke', async (request, response) => {
    const body = parseBody(revokeKeyBodySchema, request.body ?? {});
    const revoked = await revokeKey(db, request.params.id, body.portalId);
    if (revoked.length === 0) throw new ServiceError('not_found', `No active key ${request.params.id}`);
    response.json({ revoked });
  });
  return router;
}

/**
 * What CLI commands do through a running service that holds the embedded database (one process at a
 * time may open it): loopback only, with the per-run token from the DATA_DIR lock file.
 */
export function adminModule(token: string): HttpModule {
  return (app, { db }) => {
    app.use('/admin/v1', adminAuth(token), jsonBody('16kb'), adminRouter(db));
  };
}
