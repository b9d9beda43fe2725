import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cipherFromEnvironment, generateEncryptionKey } from '../../src/config/secrets/token-cipher';
import { openDatabase } from '../../src/db/client';
import { upsertPortal } from '../../src/db/repositories/portals-repository';
import { createHubSpotClient } from '../../src/hubspot/client';
import { fetchPortalDetails } from '../../src/hubspot/portal-details';
import { createSandbox } from '../../src/sandbox/server';
import { startCli } from '../support/cli-process';
import { oauthApp, portalFixture, startOAuthSandbox, type RunningOAuthSandbox } from './oauth-harness';
import { installPortal, oauthService } from './service-harness';

describe('npm run portals', () => {
  let dataDir: string;
  let server: RunningOAuthSandbox;
  let env: Record<string, string>;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'cs-portals-'));
    server = await startOAuthSandbox(Date.now);
    const key = generateEncryptionKey();
    env = {
      DATA_DIR: dataDir,
      HUBSPOT_CLIENT_ID: oauthApp.clientId,
      HUBSPOT_CLIENT_SECRET: oauthApp.clientSecret,
      TOKEN_ENCRYPTION_KEY: key,
      HUBSPOT_BASE_URL: server.running.url,
    };
    const database = await openDatabase({ dataDir });
    const service = oauthService(database.db, server.running.url, Date.now, cipherFromEnvironment(key, undefined));
    await installPortal(service.app, 4242);
    await installPortal(service.app, 5151);
    // Portal 4242 has synced: its row holds what account-info told of it.
    const portal = await createSandbox({ fixture: portalFixture(4242, ['Alder Labs']), rateLimit: false }).start(0);
    const client = createHubSpotClient({ accessToken: 't', baseUrl: portal.url, requestsPer10Seconds: 100 });
    await upsertPortal(database.db, await fetchPortalDetails(client));
    await portal.close();
    await database.close();
  });
  afterAll(async () => {
    await server.running.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  const run = async (...args: string[]) => {
    const cli = startCli('src/cli/portals.ts', args, env);
    const code = await cli.exited();
    return { code, stdout: cli.stdout(), stderr: cli.stderr() };
  };

  it('lists the installed portals, uninstalls one with its data, and refuses a missing --portal', async () => {
    const withoutRates =
      "  settings.currencies.read not granted: the portal's exchange rates are not read, so deals in another currency are left out of MRR";
    const listed = await run('list');
    expect(listed.code).toBe(0);
    expect(
      listed.stdout
        .trim()
        .split('\n')
        .map((line) => line.split('\t').slice(0, 3)),
    ).toEqual([
      // Named by the installation's hub domain: account-info's uiDomain is app.hubspot.com for every portal.
      ['4242', 'oauth', 'portal-4242.sandbox.test'],
      // The test's installs ask for one of app.json's optional scopes only: the listing says what the other costs.
      [withoutRates],
      ['5151', 'oauth', 'portal-5151.sandbox.test'],
      [withoutRates],
    ]);

    const uninstalled = await run('uninstall', '--portal', '5151', '--delete-data');
    expect(uninstalled.code).toBe(0);
    expect(JSON.parse(uninstalled.stdout)).toMatchObject({
      portalId: 5151,
      refreshToken: 'revoked',
      app: 'removed',
      deletedRows: { installations: 1, portals: 1 },
    });
    expect(server.sandbox.authority.uninstalls()).toEqual([expect.objectContaining({ portalId: 5151, by: 'api' })]);

    const missing = await run('uninstall');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--portal <id> is required');
  });
});
