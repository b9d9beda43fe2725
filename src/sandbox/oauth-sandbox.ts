import { listenOnLoopback } from './listen';
import express, { type Express, type RequestHandler } from 'express';
import { missingCredentials } from './authentication';
import { CallCounter, type CallCounts } from './call-counter';
import { HubSpotError, hubSpotErrorHandler } from './errors';
import { SandboxOAuthAuthority, type SandboxOAuthApp } from './oauth-authority';
import { oauthTokenGate } from './oauth-gate';
import { installablePortal } from './oauth-installs';
import { registerOAuthRoutes } from './oauth-routes';
import { registerWebhooksJournalRoutes } from './webhooks-journal-routes';
import type { RunningSandbox, Sandbox } from './server';

export interface OAuthSandboxOptions {
  readonly app: SandboxOAuthApp;
  /** One sandbox per portal the app can be installed in; the first is the install page's default. */
  readonly portals: readonly Sandbox[];
  /** The clock for codes and token expiry. */
  readonly now?: () => number;
}

export interface OAuthSandbox {
  readonly app: Express;
  readonly authority: SandboxOAuthAuthority;
  portal(portalId: number): Sandbox;
  start(port?: number): Promise<RunningSandbox>;
  /** The OAuth calls (each portal's sandbox counts its own CRM calls). */
  calls(): CallCounts;
  /** A user removes the app in HubSpot: its tokens die and, when the app subscribed, the journal gets an APP_UNINSTALL event. */
  uninstallByUser(portalId: number): void;
}

/**
 * HubSpot as an OAuth app sees it: the OAuth endpoints, and each portal's API behind the access tokens issued for it.
 * Every API call needs a live token from this server; its portal answers, so installed portals stay apart.
 */
export function createOAuthSandbox(options: OAuthSandboxOptions): OAuthSandbox {
  const now = options.now ?? Date.now;
  const portals = new Map(options.portals.map((sandbox) => [sandbox.store.portal.id, sandbox]));
  const installable = options.portals.map((sandbox, index) => installablePortal(sandbox.store.portal.id, index));
  const authority = new SandboxOAuthAuthority(options.app, installable, now);
  const counter = new CallCounter();
  const app = express();
  app.disable('x-powered-by');
  registerOAuthRoutes(app, authority, counter);
  registerWebhooksJournalRoutes(app, authority, counter);
  app.get('/_sandbox/oauth/uninstalls', (_request, response) => {
    response.json(authority.uninstalls());
  });

  const dispatchByPortal: RequestHandler = (request, response, next) => {
    const portalId: unknown = response.locals.oauthPortalId;
    const sandbox = typeof portalId === 'number' ? portals.get(portalId) : undefined;
    if (!sandbox) throw new HubSpotError(401, 'INVALID_AUTHENTICATION', missingCredentials);
    sandbox.app(request, response, next);
  };
  app.use(oauthTokenGate(authority, now, counter), dispatchByPortal);
  app.use(hubSpotErrorHandler);

  return {
    app,
    authority,
    calls: () => counter.snapshot(),
    portal(portalId) {
      const sandbox = portals.get(portalId);
      if (!sandbox) throw new Error(`portal ${portalId} is not in this OAuth sandbox`);
      return sandbox;
    },
    uninstallByUser: (portalId) => authority.uninstall(portalId, 'user'),
    start: (port = 0) => listenOnLoopback(app, port),
  };
}
