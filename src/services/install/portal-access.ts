import type { Env } from '../../config/env';
import type { Logger } from '../../config/logger';
import type { Database } from '../../db/client';
import type { HubSpotConnection } from '../../hubspot/client';
import { limitSettingsFromEnv, limitsOf, oauthAppLimits } from '../../hubspot/limits/limit-settings';
import { createOAuthApi } from '../../hubspot/oauth/oauth-api';
import type { AppConfig } from '../../hubspot/project/app-config';
import { createWebhooksJournalApi, type WebhooksJournalApi } from '../../hubspot/webhooks-journal/journal-api';
import { createInstallService, type InstallService } from './install-service';
import { oauthSettingsFromEnv, type OAuthSettings } from './oauth-settings';
import { createPortalClients, type PortalClients } from './portal-clients';
import { createTokenProvider, type TokenProvider } from './token-provider';

export interface PortalAccessOptions {
  readonly env: Env;
  readonly appConfig: AppConfig;
  readonly db: Database;
  readonly logger: Logger;
  /** The private-app token's or the sandbox's portal, reached without OAuth. */
  readonly fallback?: { readonly portalId: number; readonly connection: HubSpotConnection };
  /** Queues the initial sync of a newly installed portal. */
  readonly onInstalled?: (portalId: number) => Promise<void>;
}

export interface PortalAccess {
  /** `hubspotClientFor(portalId)`: what every service uses to call HubSpot for a portal. */
  readonly clients: PortalClients;
  /** Present when OAuth is configured (HUBSPOT_CLIENT_ID, HUBSPOT_CLIENT_SECRET, TOKEN_ENCRYPTION_KEY). */
  readonly oauth?: {
    readonly settings: OAuthSettings;
    readonly tokens: TokenProvider;
    readonly install: InstallService;
    /** Where HubSpot tells the app of uninstalls made inside HubSpot. */
    readonly journal: WebhooksJournalApi;
  };
}

/** How the service reaches each portal: OAuth installations, plus the private-app token or sandbox for its one portal. */
export function createPortalAccess(options: PortalAccessOptions): PortalAccess {
  const { env, db, logger } = options;
  const settings = oauthSettingsFromEnv(env, options.appConfig);
  const limits = limitSettingsFromEnv(env);
  const requestsPer10Seconds = limitsOf(limits).burst.max;
  // PGlite: one process owns the data, so the budgets live in it; a Postgres server's processes share them in tables.
  const shared = { db, limits, sharedBy: env.DATABASE_URL ? ('database' as const) : ('process' as const) };
  if (!settings) return { clients: createPortalClients({ fallback: options.fallback, requestsPer10Seconds, shared }) };

  const oauthApi = createOAuthApi({
    clientId: settings.clientId,
    clientSecret: settings.clientSecret,
    baseUrl: settings.apiBaseUrl,
    retry: { logger },
  });
  const tokens = createTokenProvider({ db, cipher: settings.cipher, oauthApi, logger });
  const install = createInstallService({
    db,
    settings,
    oauthApi,
    tokens,
    logger,
    requestsPer10Seconds: oauthAppLimits(limits).burst.max,
    onInstalled: options.onInstalled,
  });
  const clients = createPortalClients({
    tokens,
    fallback: options.fallback,
    baseUrl: settings.apiBaseUrl,
    requestsPer10Seconds,
    shared,
  });
  const journal = createWebhooksJournalApi({ oauth: oauthApi, baseUrl: settings.apiBaseUrl, retry: { logger } });
  return { clients, oauth: { settings, tokens, install, journal } };
}
