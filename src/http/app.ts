import express, { type Express } from 'express';
import { envSchema } from '../config/env';
import type { Logger } from '../config/logger';
import type { Database } from '../db/client';
import { checkReadiness } from '../services/readiness';
import type { HttpModule } from './http-module';
import { apiAuthModes, apiKeyAuth, ingestKeysWriteOnly, type ApiAuthMode } from './middleware/api-auth';
import { errorHandler, notFoundHandler } from './middleware/error-handler';
import { hostAllowList } from './middleware/host-allow-list';
import {
  perIpRateLimit,
  perKeyRateLimit,
  rateLimitSettingsFromEnv,
  type RateLimitSettings,
  type RateLimitStoreKind,
} from './middleware/rate-limit';
import { securityHeaders } from './middleware/security-headers';
import { openApiDocument, openApiPath } from './openapi/served-document';
import { portalResolver } from './portal-resolver';
import { companiesRouter } from './routes/companies-routes';
import { jsonBody } from './json-body';

export interface AppDependencies {
  readonly db: Database;
  readonly logger: Logger;
  readonly portalId?: number;
  /** Feature modules beyond the core routes, mounted in order. */
  readonly modules?: readonly HttpModule[];
  /** Default: RATE_LIMIT_* from the environment (validated with the rest of it at start-up). */
  readonly rateLimits?: RateLimitSettings;
  /** 'database' (start-up's choice with DATABASE_URL): the limits count in the database, one budget for all replicas. */
  readonly rateLimitStore?: RateLimitStoreKind;
  /** Proxies in front of the service whose X-Forwarded-For names the client; default TRUST_PROXY_HOPS. */
  readonly trustProxyHops?: number;
  /**
   * 'keys': /api/v1 (but ingestion) needs `Authorization: Bearer <api key>` and serves the key's portal only.
   * 'open' (local use only): no credential, the portal is HUBSPOT_PORTAL_ID's or the caller's `portalId`.
   * No default: an app that forgot to choose must not serve the API open.
   */
  readonly apiAuth: ApiAuthMode;
  /** In 'open' mode only these Host names (beside localhost, 127.0.0.1 and [::1]) are served: DNS rebinding. */
  readonly allowedHosts?: readonly string[];
}

const securityEnvSchema = envSchema.pick({
  RATE_LIMIT_WINDOW_SECONDS: true,
  RATE_LIMIT_PER_IP: true,
  RATE_LIMIT_PER_INGESTION_KEY: true,
  TRUST_PROXY_HOPS: true,
});

export function createApp({
  db,
  logger,
  portalId,
  modules = [],
  apiAuth,
  allowedHosts = [],
  rateLimitStore = 'memory',
  ...security
}: AppDependencies): Express {
  if (!apiAuthModes.includes(apiAuth)) {
    throw new Error(`createApp needs an explicit API auth mode ('keys' or 'open'), got ${apiAuth}`);
  }
  const securityEnv = securityEnvSchema.parse(process.env);
  const rateLimits = security.rateLimits ?? rateLimitSettingsFromEnv(securityEnv);
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.set('trust proxy', security.trustProxyHops ?? securityEnv.TRUST_PROXY_HOPS);
  app.use(securityHeaders());
  const portals = portalResolver(db, portalId, apiAuth);
  // Probes come often and from the orchestrator: never rate limited.
  app.get('/healthz', (_request, response) => {
    response.json({ status: 'ok' });
  });
  app.get('/readyz', async (_request, response) => {
    // Still ready (the API and the card answer from the database), but HubSpot jobs wait for the daily reset.
    const { dailyLimitReached: paused } = await checkReadiness(db);
    response.json({
      status: 'ready',
      ...(paused.length > 0
        ? {
            hubspot: {
              dailyLimitReached: paused.map((pause) => ({
                portalId: pause.portalId,
                resumesAt: pause.resumesAt.toISOString(),
              })),
            },
          }
        : {}),
    });
  });
  if (apiAuth === 'open') app.use(hostAllowList(allowedHosts));
  app.use(
    perIpRateLimit(rateLimits, logger, db, rateLimitStore),
    perKeyRateLimit(rateLimits, logger, db, rateLimitStore),
  );
  // The API's own description is public, as documentation is.
  app.get(openApiPath, (_request, response) => {
    response.json(openApiDocument());
  });
  app.use('/api/v1', apiAuth === 'keys' ? apiKeyAuth(db) : ingestKeysWriteOnly(db));
  // Modules mount before the JSON parser so a module can read its raw body (signed webhooks, CSV uploads).
  for (const mount of modules) mount(app, { db, logger, portals });
  app.use('/api/v1/companies', jsonBody('1mb'), companiesRouter(db, portals));
  app.use(notFoundHandler);
  app.use(errorHandler(logger));
  return app;
}
