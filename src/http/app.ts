import express, { type Express } from 'express';
import type { Logger } from '../config/logger';
import { pingDatabase, type Database } from '../db/client';
import type { HttpModule } from './http-module';
import { errorHandler, notFoundHandler } from './middleware/error-handler';
import { portalResolver } from './portal-resolver';
import { companiesRouter } from './routes/companies-routes';

export interface AppDependencies {
  readonly db: Database;
  readonly logger: Logger;
  readonly portalId?: number;
  /** Feature modules beyond the core routes, mounted in order. */
  readonly modules?: readonly HttpModule[];
}

export function createApp({ db, logger, portalId, modules = [] }: AppDependencies): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  const portals = portalResolver(db, portalId);
  app.get('/healthz', (_request, response) => {
    response.json({ status: 'ok' });
  });
  app.get('/readyz', async (_request, response) => {
    await pingDatabase(db);
    response.json({ status: 'ready' });
  });
  // Modules mount before the JSON parser so a module can read its raw body (signed webhooks, CSV uploads).
  for (const mount of modules) mount(app, { db, logger, portals });
  app.use('/api/v1/companies', express.json({ limit: '1mb' }), companiesRouter(db, portals));
  app.use(notFoundHandler);
  app.use(errorHandler(logger));
  return app;
}
