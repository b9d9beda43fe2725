import { and, eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/client';
import { companies, deals } from '../../src/db/schema';
import { createHubSpotClient } from '../../src/hubspot/client';
import { fetchPortalDetails } from '../../src/hubspot/portal-details';
import { runFullSync, type SyncObjectType } from '../../src/services/sync/full-sync';
import { generateDemoPortfolio } from '../../src/sandbox/demo/generate-demo-portfolio';
import { createSandbox, type RunningSandbox, type Sandbox } from '../../src/sandbox/server';
import { databaseTargets } from '../support/databases';

const fixture = generateDemoPortfolio({ seed: 11, companies: 260 });

async function storedIds(
  handle: DatabaseHandle,
  portalId: number,
  table: typeof companies | typeof deals,
): Promise<string[]> {
  const rows = await handle.db
    .select({ id: table.id })
    .from(table)
    .where(and(eq(table.portalId, portalId), eq(table.archived, false)));
  return rows.map((row) => row.id).sort();
}

describe.each(databaseTargets)('a full sync while the portal changes, into $name', (target) => {
  let sandbox: Sandbox;
  let running: RunningSandbox;
  let handle: DatabaseHandle;

  beforeEach(async () => {
    sandbox = createSandbox({ fixture, rateLimit: false });
    running = await sandbox.start(0);
    handle = await target.open();
    return async () => {
      await handle.close();
      await running.close();
    };
  });

  it("ends with exactly the portal's records when records not yet read are archived and new ones created between pages", async () => {
    const client = createHubSpotClient({
      accessToken: 'test-token',
      baseUrl: running.url,
      requestsPer10Seconds: 10_000,
    });
    const portal = await fetchPortalDetails(client);
    const live = (type: 'companies' | 'deals') => sandbox.store.objects.list(type).map((object) => object.id);
    const changed: string[] = [];
    // After the first page of each type is stored (the second is already fetched): archive records of the third page on
    // (with positional cursors the listing would skip as many live records), and create records (they sort last).
    const afterPage = (objectType: SyncObjectType, pages: number) => {
      if (pages !== 1 || (objectType !== 'companies' && objectType !== 'deals')) return;
      const ids = live(objectType);
      for (const id of [ids[210], ids[211], ids[250]])
        if (id !== undefined) sandbox.store.objects.archive(objectType, id);
      const properties: Record<string, string> =
        objectType === 'companies'
          ? { name: 'Founded mid-sync' }
          : { dealname: 'Opened mid-sync', pipeline: 'default', dealstage: 'appointmentscheduled' };
      changed.push(
        sandbox.store.objects.create(objectType, properties).id,
        sandbox.store.objects.create(objectType, properties).id,
      );
    };
    const result = await runFullSync({ client, db: handle.db, portal, afterPage });

    expect(changed).toHaveLength(4);
    expect(await storedIds(handle, portal.id, companies)).toEqual(live('companies').sort());
    expect(await storedIds(handle, portal.id, deals)).toEqual(live('deals').sort());
    expect(result.counts.companies).toBe(live('companies').length);
    expect(result.counts.deals).toBe(live('deals').length);
  });
});
