import { listenOnLoopback } from './listen';
import express, { type Express, type RequestHandler } from 'express';
import { missingCredentials } from './authentication';
import { CallCounter, type CallCounts } from './call-counter';
import { HubSpotError, hubSpotErrorHandler } from './errors';
import { SandboxOAuthAuthority, type SandboxOAuthApp } from './oauth-authority';
import { registerOAuthRoutes } from './oauth-routes';
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
}

function bearerToken(authorization: string | undefined): string | undefined {
  return /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
}

/**
 * HubSpot as an OAuth app sees it: the OAuth endpoints, and each portal's API behind the access tokens issued for it.
 * Every API call needs a live token from this server; its portal answers, so installed portals stay apart.
 */
export function createOAuthSandbox(options: OAuthSandboxOptions): OAuthSandbox {
  const now = options.now ?? Date.now;
  const portals = new Map(options.portals.map((sandbox) => [sandbox.store.portal.id, sandbox]));
  const installable = options.portals.map((sandbox, index) => ({
    id: sandbox.store.portal.id,
    hubDomain: `portal-${sandbox.store.portal.id}.sandbox.test`,
    userId: 9_000_001 + index,
    user: `admin@portal-${sandbox.store.portal.id}.sandbox.test`,
  }));
  const authority = new SandboxOAuthAuthority(options.app, installable, now);
  const counter = new CallCounter();
  const app = express();
  app.disable('x-powered-by');
  registerOAuthRoutes(app, authority, counter);

  const dispatchByToken: RequestHandler = (request, response, next) => {
    const token = bearerToken(request.get('authorization'));
    const check = token === undefined ? { kind: 'unknown' as const } : authority.checkAccessToken(token);
    if (check.kind === 'unknown') throw new HubSpotError(401, 'INVALID_AUTHENTICATION', missingCredentials);
    if (check.kind === 'expired') {
      const minutes = Math.max(0, Math.floor((now() - check.expiredAt) / 60_000));
      throw new HubSpotError(401, 'EXPIRED_AUTHENTICATION', `The OAuth token used to make this call expired ${minutes} minute(s) ago.`, {
        context: { 'expire time': [new Date(check.expiredAt).toISOString()] },
      });
    }
    if (request.method === 'DELETE' && /^\/appinstalls\/(v3|2026-03)\/external-install$/.test(request.path)) {
      counter.record(`DELETE ${request.path}`);
      authority.uninstall(check.portalId);
      response.status(204).end();
      return;
    }
    const sandbox = portals.get(check.portalId);
    if (!sandbox) throw new HubSpotError(401, 'INVALID_AUTHENTICATION', missingCredentials);
    sandbox.app(request, response, next);
  };
  app.use(dispatchByToken);
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
    start: (port = 0) => listenOnLoopback(app, port),
  };
}
