import { Client } from '@hubspot/api-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { failure } from '../sandbox/sandbox-harness';
import {
  authorize,
  manualClock,
  oauthApp,
  sdkOAuth,
  startOAuthSandbox,
  tokensOf,
  type RunningOAuthSandbox,
} from './oauth-harness';

const redirectUri = 'https://service.example.com/oauth/callback';

// The official client (v13) has typed methods for the v1 paths only, so these drive 2026-03 through its `apiRequest`.
describe('the sandbox OAuth 2026-03 server, through the official client', () => {
  let clock: ReturnType<typeof manualClock>;
  let server: RunningOAuthSandbox;
  let oauth: ReturnType<typeof sdkOAuth>;

  beforeEach(async () => {
    clock = manualClock();
    server = await startOAuthSandbox(clock.now, 1800);
    oauth = sdkOAuth(new Client({ basePath: server.running.url, numberOfApiCallRetries: 0 }));
  });
  afterEach(async () => server.running.close());

  const codeFor = async (portalId?: number) => {
    const location = await authorize(server.running.url, {
      client_id: oauthApp.clientId,
      redirect_uri: redirectUri,
      scope: 'oauth crm.objects.companies.read',
      optional_scope: 'crm.objects.feedback_submissions.read',
      state: 'state-123',
      ...(portalId === undefined ? {} : { portalId: String(portalId) }),
    });
    expect(`${location.origin}${location.pathname}`).toBe(redirectUri);
    expect(location.searchParams.get('state')).toBe('state-123');
    return location.searchParams.get('code') ?? '';
  };
  const install = async (portalId?: number) => tokensOf(await oauth.exchange(await codeFor(portalId), redirectUri));
  const crm = (accessToken: string) =>
    new Client({ accessToken, basePath: server.running.url, numberOfApiCallRetries: 0 }).crm.companies.basicApi;

  it('exchanges a code for tokens; introspection names the portal, scopes and lifetime of each token', async () => {
    const answer = await oauth.exchange(await codeFor(), redirectUri);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    expect(answer.body).toMatchObject({
      token_type: 'bearer',
      token_use: 'access_token',
      expires_in: 1800,
      hub_id: 4242,
    });
    const tokens = tokensOf(answer);
    const access = await oauth.introspect(tokens.access_token);
    expect(access).toMatchObject({
      status: 200,
      body: { active: true, token_use: 'access_token', hub_id: 4242, client_id: oauthApp.clientId, expires_in: 1800 },
    });
    expect(access.body).toMatchObject({
      scopes: ['oauth', 'crm.objects.companies.read', 'crm.objects.feedback_submissions.read'],
    });
    const refresh = await oauth.introspect(tokens.refresh_token, 'refresh_token');
    expect(refresh.body).toMatchObject({ active: true, token_use: 'refresh_token', hub_id: 4242 });
    expect(await oauth.introspect('not-a-token')).toMatchObject({ status: 200, body: { active: false } });
  });

  it('lets each token read its own portal only', async () => {
    const first = await install(4242);
    const second = await install(5151);
    const names = async (token: string) =>
      (await crm(token).getPage(10)).results.map((company) => company.properties.name).sort();
    expect(await names(first.access_token)).toEqual(['Alder Labs', 'Birch Co']);
    expect(await names(second.access_token)).toEqual(['Cedar Inc']);
    expect(first.refresh_token).not.toBe(second.refresh_token);
  });

  it('answers RFC 6749 errors: unknown code, wrong secret, wrong redirect_uri, unknown grant, missing parameter', async () => {
    expect(await oauth.exchange('nope', redirectUri)).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    const code = await codeFor();
    const wrongSecret = await oauth.exchange(code, redirectUri, 'wrong');
    expect(wrongSecret).toMatchObject({ status: 401, body: { error: 'invalid_client' } });
    expect(wrongSecret.body).toHaveProperty('error_description');
    expect(await oauth.exchange(code, 'https://elsewhere.example.com/callback')).toMatchObject({
      status: 400,
      body: { error: 'invalid_grant' },
    });
    expect(
      await oauth.post('/oauth/2026-03/token', {
        grant_type: 'password',
        client_id: oauthApp.clientId,
        client_secret: oauthApp.clientSecret,
      }),
    ).toMatchObject({ status: 400, body: { error: 'unsupported_grant_type' } });
    expect(
      await oauth.post('/oauth/2026-03/token', {
        grant_type: 'authorization_code',
        code,
        client_id: oauthApp.clientId,
        client_secret: oauthApp.clientSecret,
      }),
    ).toMatchObject({ status: 400, body: { error: 'invalid_request' } });
    expect(await oauth.post('/oauth/2026-03/token/introspect', { token: 'x' })).toMatchObject({
      status: 400,
      body: { error: 'invalid_request' },
    });
  });

  it('refuses parameters in the URL or a JSON body: 2026-03 takes a form', async () => {
    const code = await codeFor();
    const inQuery = await fetch(`${server.running.url}/oauth/2026-03/token?client_secret=${oauthApp.clientSecret}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code,
        redirect_uri: redirectUri,
        client_id: oauthApp.clientId,
      }),
    });
    expect(inQuery.status).toBe(400);
    expect(await inQuery.json()).toMatchObject({ error: 'invalid_request' });
    const client = new Client({ basePath: server.running.url, numberOfApiCallRetries: 0 });
    const json = await client.apiRequest({
      method: 'POST',
      path: '/oauth/2026-03/token',
      body: { grant_type: 'authorization_code', code, redirect_uri: redirectUri, ...oauthApp },
    });
    expect(json.status).toBe(400);
    expect(server.sandbox.calls().byRoute['POST /oauth/v1/token']).toBeUndefined();
  });

  it('refuses a reused code and revokes the tokens issued for it (RFC 6749 §4.1.2)', async () => {
    const code = await codeFor();
    const tokens = tokensOf(await oauth.exchange(code, redirectUri));
    expect(await oauth.exchange(code, redirectUri)).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    expect(await oauth.refresh(tokens.refresh_token)).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    expect(await failure(crm(tokens.access_token).getPage(1))).toMatchObject({ code: 401 });
  });

  it('refuses an expired code', async () => {
    const code = await codeFor();
    clock.advance(10 * 60 * 1000 + 1);
    expect(await oauth.exchange(code, redirectUri)).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
  });

  it('expires access tokens after their lifetime; a refresh gives a new one with the same refresh token', async () => {
    const tokens = await install();
    clock.advance(1801 * 1000);
    const expired = await failure(crm(tokens.access_token).getPage(1));
    expect(expired).toMatchObject({ code: 401, body: { category: 'EXPIRED_AUTHENTICATION' } });
    expect((await oauth.introspect(tokens.access_token)).body).toEqual({ active: false });
    const refreshed = tokensOf(await oauth.refresh(tokens.refresh_token));
    expect(refreshed.access_token).not.toBe(tokens.access_token);
    expect(refreshed.refresh_token).toBe(tokens.refresh_token);
    expect((await crm(refreshed.access_token).getPage(1)).results).toHaveLength(1);
  });

  it('revokes a refresh token: refreshing fails with invalid_grant, issued access tokens live on; revoking again is no error', async () => {
    const tokens = await install();
    expect((await oauth.revoke(tokens.refresh_token)).status).toBe(200);
    expect(await oauth.refresh(tokens.refresh_token)).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    expect((await oauth.introspect(tokens.refresh_token, 'refresh_token')).body).toEqual({ active: false });
    expect((await crm(tokens.access_token).getPage(1)).results).toHaveLength(1);
    expect((await oauth.revoke(tokens.refresh_token)).status).toBe(200);
  });

  it('uninstalls the app from a portal with its access token: every token of that portal stops working, and it is recorded', async () => {
    const tokens = await install();
    const client = new Client({
      accessToken: tokens.access_token,
      basePath: server.running.url,
      numberOfApiCallRetries: 0,
    });
    const answer = await client.apiRequest({ method: 'DELETE', path: '/appinstalls/2026-03/external-install' });
    expect(answer.status).toBe(204);
    expect(await failure(crm(tokens.access_token).getPage(1))).toMatchObject({
      code: 401,
      body: { category: 'INVALID_AUTHENTICATION' },
    });
    expect(await oauth.refresh(tokens.refresh_token)).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    expect(server.sandbox.authority.uninstalls()).toEqual([expect.objectContaining({ portalId: 4242, by: 'api' })]);
    expect(server.sandbox.calls().byRoute['DELETE /appinstalls/2026-03/external-install']).toBe(1);
  });

  it('rejects API calls without a token it issued', async () => {
    expect(await failure(crm('made-up').getPage(1))).toMatchObject({
      code: 401,
      body: { category: 'INVALID_AUTHENTICATION' },
    });
  });
});
