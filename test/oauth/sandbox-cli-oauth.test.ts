import { Client } from '@hubspot/api-client';
import { createOAuthApi } from '../../src/hubspot/oauth/oauth-api';
import { createWebhooksJournalApi } from '../../src/hubspot/webhooks-journal/journal-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCli, type CliProcess } from '../support/cli-process';
import { failure } from '../sandbox/sandbox-harness';
import { authorize, oauthApp, sdkOAuth, tokensOf } from './oauth-harness';

const redirectUri = 'https://cs.example.test/oauth/callback';

describe('npm run sandbox -- --client-id … --client-secret …', () => {
  let cli: CliProcess;
  let url: string;

  beforeAll(async () => {
    const args = [
      '--fixture',
      'test/fixtures/small-portfolio.json',
      '--port',
      '0',
      '--client-id',
      oauthApp.clientId,
      '--client-secret',
      oauthApp.clientSecret,
    ];
    cli = startCli('src/cli/sandbox.ts', args, {});
    url = (await cli.waitFor(/^(http:\/\/127\.0\.0\.1:\d+)$/m, 30_000))[1] ?? '';
  }, 40_000);
  afterAll(async () => {
    cli.child.kill('SIGTERM');
    await cli.exited();
  });

  it('serves OAuth 2026-03 to the official client; API calls need a token it issued', async () => {
    const location = await authorize(url, {
      client_id: oauthApp.clientId,
      redirect_uri: redirectUri,
      scope: 'oauth crm.objects.companies.read',
    });
    const oauth = sdkOAuth(new Client({ basePath: url, numberOfApiCallRetries: 0 }));
    const tokens = tokensOf(await oauth.exchange(location.searchParams.get('code') ?? '', redirectUri));
    expect((await oauth.introspect(tokens.access_token)).body).toMatchObject({ active: true, hub_id: tokens.hub_id });
    expect(await oauth.exchange('reused-or-unknown', redirectUri)).toMatchObject({
      status: 400,
      body: { error: 'invalid_grant' },
    });

    const companies = (accessToken: string) =>
      new Client({ accessToken, basePath: url, numberOfApiCallRetries: 0 }).crm.companies.basicApi.getPage(5);
    expect((await companies(tokens.access_token)).results.length).toBeGreaterThan(0);
    expect(await failure(companies('any-token'))).toMatchObject({
      code: 401,
      body: { category: 'INVALID_AUTHENTICATION' },
    });

    const removal = await new Client({
      accessToken: tokens.access_token,
      basePath: url,
      numberOfApiCallRetries: 0,
    }).apiRequest({ method: 'DELETE', path: '/appinstalls/2026-03/external-install' });
    expect(removal.status).toBe(204);
    expect(await (await fetch(`${url}/_sandbox/oauth/uninstalls`)).json()).toEqual([
      expect.objectContaining({ portalId: tokens.hub_id, by: 'api' }),
    ]);
    expect(await failure(companies(tokens.access_token))).toMatchObject({ code: 401 });
  });

  it('plays a user removing the app in HubSpot: tokens die, and the app reads an APP_UNINSTALL from its webhooks journal', async () => {
    const oauthApi = createOAuthApi({ ...oauthApp, baseUrl: url, retry: { retries: 0 } });
    const journal = createWebhooksJournalApi({ oauth: oauthApi, baseUrl: url, retry: { retries: 0 } });
    // Nothing is journaled for an app not subscribed (the first test's removal happened before this subscription).
    expect(await journal.next(undefined)).toEqual({ kind: 'none' });
    expect(await journal.ensureUninstallSubscription()).toBe('created');
    expect(await journal.ensureUninstallSubscription()).toBe('present');

    const location = await authorize(url, { client_id: oauthApp.clientId, redirect_uri: redirectUri, scope: 'oauth' });
    const oauth = sdkOAuth(new Client({ basePath: url, numberOfApiCallRetries: 0 }));
    const tokens = tokensOf(await oauth.exchange(location.searchParams.get('code') ?? '', redirectUri));
    const answer = await fetch(`${url}/_sandbox/oauth/uninstall?portalId=${tokens.hub_id}`, { method: 'POST' });
    expect(await answer.json()).toEqual({ uninstalled: tokens.hub_id });
    expect(await oauth.refresh(tokens.refresh_token)).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });

    const entry = await journal.next(undefined);
    if (entry.kind !== 'entry') throw new Error(`expected a journal entry, got ${entry.kind}`);
    expect(await journal.lifecycleEvents(entry.url)).toEqual([
      expect.objectContaining({
        subscriptionType: 'APP_LIFECYCLE_EVENT',
        action: 'APP_UNINSTALL',
        portalId: tokens.hub_id,
      }),
    ]);
    expect(await journal.next(entry.offset)).toEqual({ kind: 'none' });
    // The file URL is pre-signed: changed, it is refused.
    expect((await fetch(entry.url.replace(/signature=[^&]+/, 'signature=forged'))).status).toBe(403);
  });

  it('keeps app tokens and portal tokens apart, and checks the journal scopes', async () => {
    const oauthApi = createOAuthApi({ ...oauthApp, baseUrl: url, retry: { retries: 0 } });
    const appToken = (await oauthApi.appAccessToken(['developer.webhooks_journal.read'])).accessToken;
    const companies = new Client({
      accessToken: appToken,
      basePath: url,
      numberOfApiCallRetries: 0,
    }).crm.companies.basicApi.getPage(5);
    expect(await failure(companies)).toMatchObject({ code: 401 });
    const asApp = (path: string) =>
      new Client({ accessToken: appToken, basePath: url, numberOfApiCallRetries: 0 }).apiRequest({
        method: 'GET',
        path,
      });
    expect((await asApp('/webhooks-journal/journal/2026-03/latest')).status).toBeLessThan(300);
    expect((await asApp('/webhooks-journal/subscriptions/2026-03')).status).toBe(403);

    const location = await authorize(url, { client_id: oauthApp.clientId, redirect_uri: redirectUri, scope: 'oauth' });
    const tokens = tokensOf(
      await sdkOAuth(new Client({ basePath: url, numberOfApiCallRetries: 0 })).exchange(
        location.searchParams.get('code') ?? '',
        redirectUri,
      ),
    );
    const asPortal = await new Client({
      accessToken: tokens.access_token,
      basePath: url,
      numberOfApiCallRetries: 0,
    }).apiRequest({ method: 'GET', path: '/webhooks-journal/journal/2026-03/latest' });
    expect(asPortal.status).toBe(401);
    await expect(oauthApi.appAccessToken(['crm.objects.companies.read'])).rejects.toMatchObject({
      error: 'invalid_scope',
    });
  });
});
