import { Client } from '@hubspot/api-client';
import { count, eq, is } from 'drizzle-orm';
import { getTableConfig, PgTable } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encryptionKey, TokenCipher } from '../../src/config/secrets/token-cipher';
import type { Database, DatabaseHandle } from '../../src/db/client';
import { findInstallation } from '../../src/db/repositories/installations-repository';
import { portalTables } from '../../src/db/repositories/portal-data-repository';
import * as schema from '../../src/db/schema';
import { fetchPortalDetails } from '../../src/hubspot/portal-details';
import { runFullSync } from '../../src/services/sync/full-sync';
import { createApiKey } from '../../src/services/ingestion/api-keys';
import { tokenContext } from '../../src/services/install/oauth-settings';
import { rotateTokenKeys } from '../../src/services/install/rotate-token-keys';
import { createTokenProvider } from '../../src/services/install/token-provider';
import { uninstallPortal } from '../../src/services/install/uninstall-service';
import { databaseTargets } from '../support/databases';
import { manualClock, sdkOAuth, startOAuthSandbox, type RunningOAuthSandbox } from './oauth-harness';
import { installPortal, oauthService } from './service-harness';

async function rowsPerTable(db: Database, portalId: number): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const { table, name, portalColumn } of portalTables()) {
    const [row] = await db.select({ rows: count() }).from(table).where(eq(portalColumn, portalId));
    counts[name] = row?.rows ?? 0;
  }
  return counts;
}

describe('portal tables', () => {
  // App-wide: pre-install OAuth states, the webhooks journal offset, rate-limit windows (keyed by key id or address)
  // and the job runners' liveness.
  const appWide = new Set([
    'oauth_install_states',
    'webhooks_journal_cursors',
    'rate_limit_counters',
    'job_runners',
    'job_runs',
  ]);
  it('cover every table of the schema but the app-wide ones', () => {
    const exported: unknown[] = Object.values(schema);
    const all = exported
      .filter((value): value is PgTable => is(value, PgTable))
      .map((table) => getTableConfig(table).name)
      .sort();
    expect(portalTables().map((table) => table.name)).toEqual(all.filter((name) => !appWide.has(name)));
  });
});

describe.each(databaseTargets)('uninstall and key rotation on $name', (target) => {
  let handle: DatabaseHandle;
  let server: RunningOAuthSandbox;
  let service: ReturnType<typeof oauthService>;
  const clock = manualClock();

  beforeAll(async () => {
    handle = await target.open();
    server = await startOAuthSandbox(clock.now);
    service = oauthService(handle.db, server.running.url, clock.now);
    for (const portalId of [4242, 5151]) {
      await installPortal(service.app, portalId);
      const client = await service.clients.hubspotClientFor(portalId);
      await runFullSync({ client, db: handle.db, portal: await fetchPortalDetails(client) });
      await createApiKey(handle.db, portalId, 'ingest');
    }
  });
  afterAll(async () => {
    await server.running.close();
    await handle.close();
  });

  const refreshTokenOf = async (portalId: number) =>
    service.cipher.decrypt(
      (await findInstallation(handle.db, portalId))?.refreshTokenSealed ?? '',
      tokenContext(portalId, 'refresh_token'),
    );
  const oauthAt = () => ({ cipher: service.cipher, api: service.oauthApi, apiBaseUrl: server.running.url });

  it('re-encrypts stored tokens with the new key; the old key can then be dropped', async () => {
    const before = await findInstallation(handle.db, 4242);
    const newCipher = new TokenCipher(encryptionKey(Buffer.alloc(32, 7)), [service.cipher.current]);
    expect(await rotateTokenKeys(handle.db, newCipher)).toEqual({ resealed: 2, total: 2 });
    expect(await rotateTokenKeys(handle.db, newCipher)).toEqual({ resealed: 0, total: 2 });
    const after = await findInstallation(handle.db, 4242);
    expect(after?.refreshTokenSealed.split(':')[1]).toBe(newCipher.current.id);
    const onlyNewKey = new TokenCipher(newCipher.current);
    expect(onlyNewKey.decrypt(after?.refreshTokenSealed ?? '', tokenContext(4242, 'refresh_token'))).toBe(
      service.cipher.decrypt(before?.refreshTokenSealed ?? '', tokenContext(4242, 'refresh_token')),
    );
    const provider = createTokenProvider({
      db: handle.db,
      cipher: onlyNewKey,
      oauthApi: service.oauthApi,
      now: clock.now,
    });
    expect(await provider.accessTokenFor(4242)).toBe(await service.tokens.accessTokenFor(4242));
    // Put the original key back for the tests below.
    await rotateTokenKeys(handle.db, new TokenCipher(service.cipher.current, [newCipher.current]));
  });

  it('with --delete-data: revokes the token at HubSpot and deletes every row of that portal only', async () => {
    const otherBefore = await rowsPerTable(handle.db, 4242);
    const before = await rowsPerTable(handle.db, 5151);
    expect(before).toMatchObject({ portals: 1, installations: 1, companies: 1, ingestion_api_keys: 1 });
    const refreshToken = await refreshTokenOf(5151);

    const result = await uninstallPortal({
      db: handle.db,
      portalId: 5151,
      deleteData: true,
      oauth: oauthAt(),
      now: clock.now,
    });
    expect(result).toMatchObject({ refreshToken: 'revoked', app: 'removed' });
    expect(server.sandbox.authority.uninstalls()).toEqual([expect.objectContaining({ portalId: 5151, by: 'api' })]);
    // Deleting the portal's companies logs one more KPI input change, deleted with the log after them.
    const withoutChangeLog = (rows: Record<string, number>) =>
      Object.fromEntries(Object.entries(rows).filter(([table, count]) => count > 0 && table !== 'kpi_input_changes'));
    expect(withoutChangeLog(result.deletedRows)).toEqual(withoutChangeLog(before));
    expect(Object.values(await rowsPerTable(handle.db, 5151)).every((rows) => rows === 0)).toBe(true);
    expect(await rowsPerTable(handle.db, 4242)).toEqual(otherBefore);

    const oauth = sdkOAuth(new Client({ basePath: server.running.url, numberOfApiCallRetries: 0 }));
    expect((await oauth.introspect(refreshToken, 'refresh_token')).body).toEqual({ active: false });
    await expect(service.clients.hubspotClientFor(4242)).resolves.toBeDefined();
  });

  it('without --delete-data: removes the tokens and keeps the data; a second run is harmless', async () => {
    const before = await rowsPerTable(handle.db, 4242);
    // The stored access token has expired: the service refreshes it to reach HubSpot's app-uninstall endpoint.
    clock.advance(31 * 60_000);
    const result = await uninstallPortal({
      db: handle.db,
      portalId: 4242,
      deleteData: false,
      oauth: oauthAt(),
      now: clock.now,
    });
    expect(result).toMatchObject({ refreshToken: 'revoked', app: 'removed', deletedRows: { installations: 1 } });
    expect(await findInstallation(handle.db, 4242)).toBeUndefined();
    expect(await rowsPerTable(handle.db, 4242)).toEqual({ ...before, installations: 0 });
    service.tokens.forget(4242);
    await expect(service.tokens.accessTokenFor(4242)).rejects.toThrow(/has not installed/);
    expect(await uninstallPortal({ db: handle.db, portalId: 4242, deleteData: false, oauth: oauthAt() })).toMatchObject(
      { refreshToken: 'not_installed', app: 'not_installed', deletedRows: {} },
    );
  });
});
