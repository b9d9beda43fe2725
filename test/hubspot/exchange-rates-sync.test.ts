import path from 'node:path';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/client';
import { listContracts } from '../../src/db/repositories/contracts-repository';
import { createHubSpotClient } from '../../src/hubspot/client';
import { fetchPortalDetails } from '../../src/hubspot/portal-details';
import { runFullSync } from '../../src/services/sync/full-sync';
import { loadFixtureFile } from '../../src/sandbox/load-fixture';
import { createSandbox, type RunningSandbox } from '../../src/sandbox/server';
import { changeSettings } from '../../src/services/settings/settings-service';
import { databaseTargets } from '../support/databases';
import { ifStarted } from '../support/if-started';

const fixturePath = path.resolve(import.meta.dirname, '../fixtures/two-currencies.json');
const mrrOf = async (db: DatabaseHandle['db'], portalId: number) =>
  Object.fromEntries((await listContracts(db, portalId)).map((contract) => [contract.dealId, contract.mrrMinor]));

describe.each(databaseTargets)('exchange rates synced with the pipelines on $name', (target) => {
  let handle: DatabaseHandle;
  let running: RunningSandbox;
  beforeAll(async () => {
    handle = await target.open();
    running = await createSandbox({ fixture: await loadFixtureFile(fixturePath), rateLimit: false }).start(0);
  });
  afterAll(async () => {
    await ifStarted(running)?.close();
    await ifStarted(handle)?.close();
  });
  afterEach(() => nock.cleanAll());

  const sync = async () => {
    const client = createHubSpotClient({
      accessToken: 'sandbox-token',
      baseUrl: running.url,
      requestsPer10Seconds: 10_000,
    });
    const portal = await fetchPortalDetails(client);
    await runFullSync({ client, db: handle.db, portal, retry: { retries: 0 } });
    return portal.id;
  };

  it("converts each deal with HubSpot's rate in force at its close", async () => {
    const portalId = await sync();
    expect(await mrrOf(handle.db, portalId)).toEqual({ 5001: 100_000, 5002: 113_580, 5003: 84_999, 5004: 91_500 });
  });

  it("uses the portal's own rates when HubSpot refuses its rates (no settings.currencies.read scope)", async () => {
    nock(running.url, { allowUnmocked: true }).persist().get('/settings/currencies/2026-03/exchange-rates').reply(403, {
      status: 'error',
      category: 'MISSING_SCOPES',
      message: "This app hasn't been granted all required scopes",
    });
    // The stored HubSpot rates of the last sync stay; a fresh portal without them has only its own.
    await handle.db.execute(`delete from exchange_rates`);
    const portalId = await sync();
    // Without any rate the foreign-currency deals are no contracts (and say why), the euro one is.
    expect(await mrrOf(handle.db, portalId)).toEqual({ 5001: 100_000 });

    const stored = await changeSettings(
      handle.db,
      portalId,
      'currency',
      {
        exchangeRates: [
          { fromCurrency: 'USD', effectiveAt: '2025-01-01T00:00:00Z', rate: '0.9' },
          { fromCurrency: 'JPY', effectiveAt: '2025-01-01T00:00:00Z', rate: '0.006' },
        ],
      },
      'test',
    );
    expect(stored.stored).toBe(true);
    await sync();
    // 1,234.57 x 0.9 = 1,111.113 -> 1,111.11; 999.99 x 0.9 = 899.991 -> 899.99; 150,000 JPY x 0.006 = 900.00
    expect(await mrrOf(handle.db, portalId)).toEqual({ 5001: 100_000, 5002: 111_111, 5003: 89_999, 5004: 90_000 });
  });
});
