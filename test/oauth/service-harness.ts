import { randomBytes } from 'node:crypto';
import request from 'supertest';
import type { Express } from 'express';
import { expect } from 'vitest';
import { createLogger } from '../../src/config/logger';
import { encryptionKey, TokenCipher } from '../../src/config/secrets/token-cipher';
import type { Database } from '../../src/db/client';
import { createApp } from '../../src/http/app';
import type { HttpModule } from '../../src/http/http-module';
import { oauthModule } from '../../src/http/routes/oauth-routes';
import { createOAuthApi } from '../../src/hubspot/oauth/oauth-api';
import { createInstallService } from '../../src/services/install/install-service';
import type { OAuthSettings } from '../../src/services/install/oauth-settings';
import { createPortalClients } from '../../src/services/install/portal-clients';
import { createTokenProvider } from '../../src/services/install/token-provider';
import { oauthApp } from './oauth-harness';

export const redirectUri = 'https://cs.example.test/oauth/callback';
export const requiredScopes = ['oauth', 'crm.objects.companies.read'];

/** The service's OAuth parts wired as start-up wires them, pointed at the sandbox. */
export function oauthService(
  db: Database,
  sandboxUrl: string,
  now: () => number,
  cipher = new TokenCipher(encryptionKey(randomBytes(32))),
  modules: HttpModule[] = [],
) {
  const settings: OAuthSettings = {
    ...oauthApp,
    authorizeBaseUrl: `${sandboxUrl}/oauth/authorize`,
    redirectUri,
    scopes: requiredScopes,
    optionalScopes: ['crm.objects.feedback_submissions.read'],
    apiBaseUrl: sandboxUrl,
    cipher,
  };
  const oauthApi = createOAuthApi({ ...oauthApp, baseUrl: sandboxUrl, retry: { retries: 0 } });
  const tokens = createTokenProvider({ db, cipher, oauthApi, now });
  const installed: number[] = [];
  const install = createInstallService({
    db,
    settings,
    oauthApi,
    tokens,
    now,
    requestsPer10Seconds: 1_000,
    onInstalled: (portalId) => {
      installed.push(portalId);
      return Promise.resolve();
    },
  });
  const clients = createPortalClients({ tokens, baseUrl: sandboxUrl, requestsPer10Seconds: 1_000 });
  const app = createApp({
    apiAuth: 'open',
    db,
    logger: createLogger('silent'),
    modules: [oauthModule({ install, secureCookies: false }), ...modules],
  });
  return { app, cipher, settings, oauthApi, tokens, clients, installed };
}

export interface InstallAttempt {
  /** The callback URL's query, as HubSpot's redirect sent it. */
  readonly callbackQuery: Record<string, string>;
  /** The cookie /oauth/install set in the browser. */
  readonly cookie: string;
}

/** A browser's trip: the service's install link, the sandbox's install page, back with code and state. */
export async function beginInstall(app: Express, portalId?: number): Promise<InstallAttempt> {
  const start = await request(app).get('/oauth/install').expect(302);
  const setCookie = start.headers['set-cookie'];
  const cookie = (Array.isArray(setCookie) ? setCookie[0] : setCookie)?.split(';')[0] ?? '';
  const authorize = new URL(start.headers.location ?? '');
  if (portalId !== undefined) authorize.searchParams.set('portalId', String(portalId));
  const page = await fetch(authorize, { redirect: 'manual' });
  expect(page.status).toBe(302);
  const callback = new URL(page.headers.get('location') ?? '');
  expect(`${callback.origin}${callback.pathname}`).toBe(redirectUri);
  return { callbackQuery: Object.fromEntries(callback.searchParams), cookie };
}

export function finishInstall(app: Express, attempt: InstallAttempt) {
  return request(app).get('/oauth/callback').query(attempt.callbackQuery).set('Cookie', attempt.cookie);
}

export async function installPortal(app: Express, portalId?: number) {
  return finishInstall(app, await beginInstall(app, portalId)).expect(200);
}
