import { createServer } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createOAuthApi, OAuthRejectedError } from '../../src/hubspot/oauth/oauth-api';
import { manualClock, oauthApp, startOAuthSandbox, type RunningOAuthSandbox } from './oauth-harness';

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return typeof address === 'object' && address !== null ? address.port : 0;
}

describe('the OAuth API wrapper', () => {
  let server: RunningOAuthSandbox;
  beforeEach(async () => {
    server = await startOAuthSandbox(manualClock().now);
  });
  afterEach(async () => server.running.close());

  it("turns HubSpot's refusals into OAuthRejectedError with the RFC 6749 error, asked once", async () => {
    const api = createOAuthApi({ ...oauthApp, baseUrl: server.running.url, retry: { retries: 3, minTimeoutMs: 1 } });
    await expect(api.refresh('00000000-0000-0000-0000-000000000000')).rejects.toMatchObject({
      error: 'invalid_grant',
      httpStatus: 400,
    });
    expect(server.sandbox.calls().byRoute['POST /oauth/2026-03/token']).toBe(1);
    const wrongSecret = createOAuthApi({
      ...oauthApp,
      clientSecret: 'wrong',
      baseUrl: server.running.url,
      retry: { retries: 0 },
    });
    const refused = wrongSecret.exchangeCode('code', 'https://cs.example.test/oauth/callback');
    await expect(refused).rejects.toBeInstanceOf(OAuthRejectedError);
    await expect(refused).rejects.toMatchObject({ error: 'invalid_client', httpStatus: 401 });
    await expect(api.accessTokenInfo('not-a-token')).rejects.toMatchObject({ error: 'inactive_token' });
    expect(await api.revokeRefreshToken('00000000-0000-0000-0000-000000000000')).toBe(false);
  });

  it('keeps tokens out of the error when HubSpot cannot be reached (the URL would carry them)', async () => {
    const api = createOAuthApi({
      ...oauthApp,
      baseUrl: `http://127.0.0.1:${await closedPort()}`,
      retry: { retries: 0 },
    });
    const failure = await api.accessTokenInfo('CO-secret-access-token').catch((error: unknown) => error);
    if (!(failure instanceof Error)) throw new Error('expected the lookup to fail');
    expect(failure.message).toMatch(/could not be reached/);
    expect(JSON.stringify(failure, Object.getOwnPropertyNames(failure))).not.toContain('CO-secret-access-token');
  });
});
