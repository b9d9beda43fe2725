import { Client } from '@hubspot/api-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCli, type CliProcess } from '../support/cli-process';
import { failure } from '../sandbox/sandbox-harness';
import { authorize, oauthApp, sdkOAuth, tokensOf } from './oauth-harness';

const redirectUri = 'https://cs.example.test/oauth/callback';

describe('npm run sandbox -- --client-id … --client-secret …', () => {
  let cli: CliProcess;
  let url: string;

  beforeAll(async () => {
    cli = startCli('src/cli/sandbox.ts', ['--fixture', 'test/fixtures/small-portfolio.json', '--port', '0', '--client-id', oauthApp.clientId, '--client-secret', oauthApp.clientSecret], {});
    url = (await cli.waitFor(/^(http:\/\/127\.0\.0\.1:\d+)$/m, 30_000))[1] ?? '';
  }, 40_000);
  afterAll(async () => {
    cli.child.kill('SIGTERM');
    await cli.exited();
  });

  it('serves OAuth 2026-03 to the official client; API calls need a token it issued', async () => {
    const location = await authorize(url, { client_id: oauthApp.clientId, redirect_uri: redirectUri, scope: 'oauth crm.objects.companies.read' });
    const oauth = sdkOAuth(new Client({ basePath: url, numberOfApiCallRetries: 0 }));
    const tokens = tokensOf(await oauth.exchange(location.searchParams.get('code') ?? '', redirectUri));
    expect((await oauth.introspect(tokens.access_token)).body).toMatchObject({ active: true, hub_id: tokens.hub_id });
    expect(await oauth.exchange('reused-or-unknown', redirectUri)).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });

    const companies = (accessToken: string) => new Client({ accessToken, basePath: url, numberOfApiCallRetries: 0 }).crm.companies.basicApi.getPage(5);
    expect((await companies(tokens.access_token)).results.length).toBeGreaterThan(0);
    expect(await failure(companies('any-token'))).toMatchObject({ code: 401, body: { category: 'INVALID_AUTHENTICATION' } });

    const removal = await new Client({ accessToken: tokens.access_token, basePath: url, numberOfApiCallRetries: 0 })
      .apiRequest({ method: 'DELETE', path: '/appinstalls/2026-03/external-install' });
    expect(removal.status).toBe(204);
    expect(await (await fetch(`${url}/_sandbox/oauth/uninstalls`)).json()).toEqual([expect.objectContaining({ portalId: tokens.hub_id, by: 'api' })]);
    expect(await failure(companies(tokens.access_token))).toMatchObject({ code: 401 });
  });
});
