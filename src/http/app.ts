import express, { type Express } from 'express';
import type { Logger } from '../config/logger';
import { pingDatabase, type Database } from '../db/client';
import { errorHandler, notFoundHandler } from './middleware/error-handler';
import { portalResolver } from './portal-resolver';
import { companiesRouter } from './routes/companies-routes';

export interface AppDependencies {
  readonly db: Database;
  readonly logger: Logger;
  readonly portalId?: number;
}

export function createApp({ db, logger, portalId }: AppDependencies): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.use(express.json({ limit: '1mb' }));
  const portals = portalResolver(db, portalId);
  app.get('/healthz', (_request, response) => {
    response.json({ status: 'ok' });
  });
  app.get('/readyz', async (_request, response) => {
    await pingDatabase(db);
    response.json({ status: 'ready' });
  });
  app.use('/api/v1/companies', companiesRouter(db, portals));
  app.use(notFoundHandler);
  app.use(errorHandler(logger));
  return app;
}
