import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listOwnerContacts } from '../../src/db/repositories/digest-facts-repository';
import { createHubSpotClient } from '../../src/hubspot/client';
import { fetchPortalDetails } from '../../src/hubspot/portal-details';
import { runFullSync } from '../../src/services/sync/full-sync';
import { runIncrementalSync } from '../../src/services/sync/incremental-sync';
import { fixtureSchema } from '../../src/sandbox/fixture-schema';
import { createSandbox, type RunningSandbox, type Sandbox } from '../../src/sandbox/server';
import { databaseTargets } from '../support/databases';

const fixture = fixtureSchema.parse({
  portal: { id: 7301 },
  owners: [
    { id: '1', email: 'ada@example.com', firstName: 'Ada' },
    { id: '2', email: 'ben@example.com', firstName: 'Ben' },
    { id: '3', email: 'cy@example.com', firstName: 'Cy', archived: true },
  ],
  companies: [{ id: '10', properties: { name: 'Acme', hubspot_owner_id: '1' } }],
});

describe.each(databaseTargets)('owners of users who left the account, on $name', (target) => {
  let sandbox: Sandbox;
  let running: RunningSandbox;
  beforeAll(async () => {
    sandbox = createSandbox({ fixture, rateLimit: false });
    running = await sandbox.start(0);
  });
  afterAll(async () => running.close());

  it('are marked archived by the full sync and, within the hour, by the incremental sync, so no digest goes to them', async () => {
    const handle = await target.open();
    try {
      const client = createHubSpotClient({ accessToken: 't', baseUrl: running.url, requestsPer10Seconds: 10_000 });
      const portal = await fetchPortalDetails(client);
      const recipients = async () => (await listOwnerContacts(handle.db, portal.id)).map((owner) => owner.email);

      const first = await runFullSync({ client, db: handle.db, portal });
      expect(first.counts.owners).toBe(3);
      expect(await recipients()).toEqual(['ada@example.com', 'ben@example.com']);

      // Ben leaves after the first sync: HubSpot now lists his owner only with archived=true.
      sandbox.store.deactivateOwner('2');
      const ownerCalls = () => sandbox.calls().byRoute['GET /crm/v3/owners'] ?? 0;
      const incremental = async (minutesLater: number) => {
        const before = ownerCalls();
        const now = () => Date.now() + minutesLater * 60_000;
        await runIncrementalSync({ client, db: handle.db, portal, now, retry: { retries: 0 } });
        return ownerCalls() - before;
      };
      expect(await incremental(30)).toBe(0);
      expect(await recipients()).toEqual(['ada@example.com', 'ben@example.com']);
      expect(await incremental(61)).toBe(2);
      expect(await recipients()).toEqual(['ada@example.com']);

      // A full sync reads the owners of users who left as well.
      sandbox.store.deactivateOwner('1');
      await runFullSync({ client, db: handle.db, portal });
      expect(await recipients()).toEqual([]);
    } finally {
      await handle.close();
    }
  });
});
