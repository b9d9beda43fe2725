import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/client';
import { listContracts } from '../../src/db/repositories/contracts-repository';
import { createHubSpotClient } from '../../src/hubspot/client';
import { fetchPortalDetails } from '../../src/hubspot/portal-details';
import { fixtureSchema } from '../../src/sandbox/fixture-schema';
import { createSandbox, type RunningSandbox, type Sandbox } from '../../src/sandbox/server';
import { runFullSync } from '../../src/services/sync/full-sync';
import { listCompanySummaries } from '../../src/db/repositories/companies-repository';
import { databaseTargets } from '../support/databases';

const portalId = 7303;
const deal = (id: string, companyId: string) => ({
  id,
  properties: {
    dealname: `Licence ${id}`,
    dealstage: 'closedwon',
    closedate: '2026-01-05T00:00:00.000Z',
    amount: '1200',
  },
  companyIds: [companyId],
});
const fixture = fixtureSchema.parse({
  portal: { id: portalId },
  companies: [
    { id: '10', properties: { name: 'Acme' } },
    { id: '11', properties: { name: 'Globex' } },
  ],
  deals: [deal('100', '10'), deal('101', '11'), deal('102', '10')],
});

describe.each(databaseTargets)('a full sync after deletions no webhook reported, on $name', (target) => {
  let sandbox: Sandbox;
  let running: RunningSandbox;
  let handle: DatabaseHandle;
  beforeAll(async () => {
    sandbox = createSandbox({ fixture, rateLimit: false });
    running = await sandbox.start(0);
    handle = await target.open();
  });
  afterAll(async () => {
    await running.close();
    await handle.close();
  });

  it('archives the companies and deals HubSpot no longer lists, so they leave the lists and MRR', async () => {
    const client = createHubSpotClient({ accessToken: 't', baseUrl: running.url, requestsPer10Seconds: 10_000 });
    const portal = await fetchPortalDetails(client);
    await runFullSync({ client, db: handle.db, portal });
    const names = async () =>
      (await listCompanySummaries(handle.db, { portalId, onDate: '2026-03-01', limit: 10 })).map((row) => row.name);
    expect(await names()).toEqual(['Acme', 'Globex']);
    expect((await listContracts(handle.db, portalId, '10')).map((contract) => contract.dealId).sort()).toEqual([
      '100',
      '102',
    ]);

    // Deleted in HubSpot while the service received no webhook: only the next full listing can tell.
    sandbox.store.objects.archive('companies', '11');
    sandbox.store.objects.archive('deals', '102');
    const again = await runFullSync({ client, db: handle.db, portal });
    expect(again.counts).toMatchObject({ companies: 1, deals: 2 });
    expect(await names()).toEqual(['Acme']);
    expect((await listContracts(handle.db, portalId, '10')).map((contract) => contract.dealId)).toEqual(['100']);
  });
});
