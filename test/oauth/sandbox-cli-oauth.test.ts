import { createServer } from 'node:http';
import { Client } from '@hubspot/api-client';
import { signatureV3 } from '../../src/http/middleware/hubspot-signature';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCli, type CliProcess } from '../support/cli-process';
import { failure } from '../sandbox/sandbox-harness';
import { authorize, oauthApp, sdkOAuth, tokensOf } from './oauth-harness';

const redirectUri = 'https://cs.example.test/oauth/callback';

describe('npm run sandbox -- --client-id … --client-secret …', () => {
  let cli: CliProcess;
  let url: string;
  // Stands for the service's lifecycle route: keeps what the sandbox posts.
  const received: { body: string; signature: string | undefined; timestamp: string | undefined }[] = [];
  const lifecycle = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => { body += chunk.toString(); });
    request.on('end', () => {
      received.push({ body, signature: request.headers['x-hubspot-signature-v3']?.toString(), timestamp: request.headers['x-hubspot-request-timestamp']?.toString() });
      response.writeHead(200).end('{}');
    });
  });
  let lifecycleUrl = '';

  beforeAll(async () => {
    await new Promise<void>((resolve) => lifecycle.listen(0, '127.0.0.1', resolve));
    const address = lifecycle.address();
    lifecycleUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/hubspot/app-lifecycle`;
    const args = ['--fixture', 'test/fixtures/small-portfolio.json', '--port', '0', '--client-id', oauthApp.clientId, '--client-secret', oauthApp.clientSecret, '--lifecycle-url', lifecycleUrl];
    cli = startCli('src/cli/sandbox.ts', args, {});
    url = (await cli.waitFor(/^(http:\/\/127\.0\.0\.1:\d+)$/m, 30_000))[1] ?? '';
  }, 40_000);
  afterAll(async () => {
    cli.child.kill('SIGTERM');
    await cli.exited();
    await new Promise((resolve) => lifecycle.close(resolve));
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

  it('plays a user removing the app in HubSpot: tokens die, a signed uninstall event goes to --lifecycle-url', async () => {
    const location = await authorize(url, { client_id: oauthApp.clientId, redirect_uri: redirectUri, scope: 'oauth' });
    const oauth = sdkOAuth(new Client({ basePath: url, numberOfApiCallRetries: 0 }));
    const tokens = tokensOf(await oauth.exchange(location.searchParams.get('code') ?? '', redirectUri));
    const answer = await fetch(`${url}/_sandbox/oauth/uninstall?portalId=${tokens.hub_id}`, { method: 'POST' });
    expect(await answer.json()).toEqual({ uninstalled: tokens.hub_id, lifecycleDeliveryStatus: 200 });
    expect(await oauth.refresh(tokens.refresh_token)).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });

    const [event] = received;
    expect(JSON.parse(event?.body ?? '[]')).toEqual([expect.objectContaining({ portalId: tokens.hub_id, subscriptionType: 'APP_LIFECYCLE_EVENT', eventTypeId: '4-1916193' })]);
    expect(event?.signature).toBe(signatureV3(oauthApp.clientSecret, 'POST', lifecycleUrl, event?.body ?? '', event?.timestamp ?? ''));
  });
});
