import type { Client } from '@hubspot/api-client';
import { z } from 'zod';
import { fixtureSchema } from '../../src/sandbox/fixture-schema';
import { createOAuthSandbox, type OAuthSandbox } from '../../src/sandbox/oauth-sandbox';
import { createSandbox, type RunningSandbox } from '../../src/sandbox/server';

export const oauthApp = { clientId: 'client-id-test', clientSecret: 'client-secret-test' };

/** A clock the test moves by hand, shared by the sandbox and the service. */
export function manualClock(start = Date.parse('2026-03-02T09:00:00Z')) {
  let current = start;
  return {
    now: () => current,
    advance(milliseconds: number) {
      current += milliseconds;
    },
  };
}

export function portalFixture(portalId: number, companyNames: readonly string[]) {
  return fixtureSchema.parse({
    portal: { id: portalId, timeZone: 'Europe/Paris', currency: 'EUR' },
    companies: companyNames.map((name, index) => ({ id: String(index + 1), properties: { name } })),
  });
}

export interface RunningOAuthSandbox {
  readonly sandbox: OAuthSandbox;
  readonly running: RunningSandbox;
}

/** Two portals with different companies behind one OAuth server, access tokens living `ttlSeconds`. */
export async function startOAuthSandbox(
  now: () => number,
  ttlSeconds = 1800,
  declinedScopes: readonly string[] = [],
): Promise<RunningOAuthSandbox> {
  const portals = [
    createSandbox({ fixture: portalFixture(4242, ['Alder Labs', 'Birch Co']), rateLimit: false, now }),
    createSandbox({ fixture: portalFixture(5151, ['Cedar Inc']), rateLimit: false, now }),
  ];
  const sandbox = createOAuthSandbox({
    app: { ...oauthApp, accessTokenTtlSeconds: ttlSeconds, declinedScopes },
    portals,
    now,
  });
  return { sandbox, running: await sandbox.start(0) };
}

/** Follows the sandbox's install page like a browser: the redirect's code and state. */
export async function authorize(sandboxUrl: string, params: Record<string, string>): Promise<URL> {
  const response = await fetch(`${sandboxUrl}/oauth/authorize?${new URLSearchParams(params)}`, { redirect: 'manual' });
  if (response.status !== 302) throw new Error(`authorize answered ${response.status}: ${await response.text()}`);
  return new URL(response.headers.get('location') ?? '');
}

export interface OAuthAnswer {
  readonly status: number;
  readonly body: unknown;
  readonly headers: Headers | { get(name: string): string | null };
}

/** The official client's generic `apiRequest` posting a urlencoded form to one of HubSpot's OAuth 2026-03 endpoints. */
export function sdkOAuth(client: Client) {
  const post = async (path: string, fields: Record<string, string>): Promise<OAuthAnswer> => {
    const response = await client.apiRequest({
      method: 'POST',
      path,
      body: new URLSearchParams(fields).toString(),
      defaultJson: false,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    });
    const text = await response.text();
    return { status: response.status, body: text === '' ? undefined : JSON.parse(text), headers: response.headers };
  };
  const credentials = { client_id: oauthApp.clientId, client_secret: oauthApp.clientSecret };
  return {
    post,
    exchange: (code: string, redirectUri: string, secret = oauthApp.clientSecret) =>
      post('/oauth/2026-03/token', {
        grant_type: 'authorization_code',
        code,
        redirect_uri: redirectUri,
        client_id: oauthApp.clientId,
        client_secret: secret,
      }),
    refresh: (refreshToken: string) =>
      post('/oauth/2026-03/token', { grant_type: 'refresh_token', refresh_token: refreshToken, ...credentials }),
    introspect: (token: string, hint = 'access_token') =>
      post('/oauth/2026-03/token/introspect', { token, token_type_hint: hint, ...credentials }),
    revoke: (token: string) =>
      post('/oauth/2026-03/token/revoke', { token, token_type_hint: 'refresh_token', ...credentials }),
  };
}

const tokenBodySchema = z.object({
  access_token: z.string(),
  refresh_token: z.string(),
  expires_in: z.number(),
  hub_id: z.number(),
});

export function tokensOf(answer: OAuthAnswer) {
  if (answer.status !== 200)
    throw new Error(`the token request answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  return tokenBodySchema.parse(answer.body);
}
