import { Client } from '@hubspot/api-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { failure } from '../sandbox/sandbox-harness';
import { authorize, manualClock, oauthApp, startOAuthSandbox, type RunningOAuthSandbox } from './oauth-harness';

const redirectUri = 'https://service.example.com/oauth/callback';

describe('the sandbox OAuth server, through the official client', () => {
  let clock: ReturnType<typeof manualClock>;
  let server: RunningOAuthSandbox;
  let oauth: Client['oauth'];

  beforeEach(async () => {
    clock = manualClock();
    server = await startOAuthSandbox(clock.now, 1800);
    oauth = new Client({ basePath: server.running.url, numberOfApiCallRetries: 0 }).oauth;
  });
  afterEach(async () => server.running.close());

  const install = async (portalId?: number) => {
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
    const code = location.searchParams.get('code') ?? '';
    return oauth.tokensApi.create('authorization_code', code, redirectUri, oauthApp.clientId, oauthApp.clientSecret);
  };
  const crm = (accessToken: string) => new Client({ accessToken, basePath: server.running.url, numberOfApiCallRetries: 0 }).crm.companies.basicApi;

  it('exchanges a code for tokens whose metadata names the portal, scopes and lifetime', async () => {
    const tokens = await install();
    expect(tokens).toMatchObject({ tokenType: 'bearer', expiresIn: 1800 });
    const info = await oauth.accessTokensApi.get(tokens.accessToken);
    expect(info).toMatchObject({ hubId: 4242, tokenType: 'access', expiresIn: 1800 });
    expect(info.scopes).toEqual(['oauth', 'crm.objects.companies.read', 'crm.objects.feedback_submissions.read']);
    const refresh = await oauth.refreshTokensApi.get(tokens.refreshToken);
    expect(refresh).toMatchObject({ hubId: 4242, clientId: oauthApp.clientId, tokenType: 'refresh' });
  });

  it('lets each token read its own portal only', async () => {
    const first = await install(4242);
    const second = await install(5151);
    const names = async (token: string) => (await crm(token).getPage(10)).results.map((company) => company.properties.name).sort();
    expect(await names(first.accessToken)).toEqual(['Alder Labs', 'Birch Co']);
    expect(await names(second.accessToken)).toEqual(['Cedar Inc']);
    expect(first.refreshToken).not.toBe(second.refreshToken);
  });

  it('answers HubSpot\'s error statuses for a bad code, a reused code, a wrong secret and an unknown grant', async () => {
    const bad = await failure(oauth.tokensApi.create('authorization_code', 'nope', redirectUri, oauthApp.clientId, oauthApp.clientSecret));
    expect(bad).toMatchObject({ code: 400, body: { status: 'BAD_AUTH_CODE' } });
    const location = await authorize(server.running.url, { client_id: oauthApp.clientId, redirect_uri: redirectUri, scope: 'oauth' });
    const code = location.searchParams.get('code') ?? '';
    const wrongSecret = await failure(oauth.tokensApi.create('authorization_code', code, redirectUri, oauthApp.clientId, 'wrong'));
    expect(wrongSecret).toMatchObject({ code: 400, body: { status: 'BAD_CLIENT_SECRET' } });
    await oauth.tokensApi.create('authorization_code', code, redirectUri, oauthApp.clientId, oauthApp.clientSecret);
    const reused = await failure(oauth.tokensApi.create('authorization_code', code, redirectUri, oauthApp.clientId, oauthApp.clientSecret));
    expect(reused).toMatchObject({ code: 400, body: { status: 'BAD_AUTH_CODE' } });
    const grant = await failure(oauth.tokensApi.create('password', undefined, undefined, oauthApp.clientId, oauthApp.clientSecret));
    expect(grant).toMatchObject({ code: 400, body: { status: 'BAD_GRANT_TYPE' } });
  });

  it('refuses an install link for another app', async () => {
    const response = await fetch(`${server.running.url}/oauth/authorize?${new URLSearchParams({ client_id: 'other', redirect_uri: redirectUri, scope: 'oauth' })}`, { redirect: 'manual' });
    expect(response.status).toBe(400);
  });

  it('expires access tokens after their lifetime; a refresh gives a new one with the same refresh token', async () => {
    const tokens = await install();
    clock.advance(1801 * 1000);
    const expired = await failure(crm(tokens.accessToken).getPage(1));
    expect(expired).toMatchObject({ code: 401, body: { category: 'EXPIRED_AUTHENTICATION' } });
    expect(await failure(oauth.accessTokensApi.get(tokens.accessToken))).toMatchObject({ code: 404 });
    const refreshed = await oauth.tokensApi.create('refresh_token', undefined, undefined, oauthApp.clientId, oauthApp.clientSecret, tokens.refreshToken);
    expect(refreshed.accessToken).not.toBe(tokens.accessToken);
    expect(refreshed.refreshToken).toBe(tokens.refreshToken);
    expect((await crm(refreshed.accessToken).getPage(1)).results).toHaveLength(1);
  });

  it('revokes a refresh token: refreshing fails with BAD_REFRESH_TOKEN, issued access tokens live on', async () => {
    const tokens = await install();
    await oauth.refreshTokensApi.archive(tokens.refreshToken);
    const refused = await failure(oauth.tokensApi.create('refresh_token', undefined, undefined, oauthApp.clientId, oauthApp.clientSecret, tokens.refreshToken));
    expect(refused).toMatchObject({ code: 400, body: { status: 'BAD_REFRESH_TOKEN' } });
    expect(await failure(oauth.refreshTokensApi.get(tokens.refreshToken))).toMatchObject({ code: 404 });
    expect((await crm(tokens.accessToken).getPage(1)).results).toHaveLength(1);
  });

  it('uninstalls the app from a portal with its access token: every token of that portal stops working', async () => {
    const tokens = await install();
    const client = new Client({ accessToken: tokens.accessToken, basePath: server.running.url, numberOfApiCallRetries: 0 });
    const answer = await client.apiRequest({ method: 'DELETE', path: '/appinstalls/v3/external-install' });
    expect(answer.status).toBe(204);
    expect(await failure(crm(tokens.accessToken).getPage(1))).toMatchObject({ code: 401, body: { category: 'INVALID_AUTHENTICATION' } });
  });

  it('rejects API calls without a token it issued', async () => {
    expect(await failure(crm('made-up').getPage(1))).toMatchObject({ code: 401, body: { category: 'INVALID_AUTHENTICATION' } });
    expect(server.sandbox.calls().byRoute['POST /oauth/v1/token'] ?? 0).toBe(0);
  });
});
