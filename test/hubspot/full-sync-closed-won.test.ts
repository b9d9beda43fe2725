import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/client';
import { listUnnotifiedClosedWonDeals } from '../../src/db/repositories/closed-won-transitions-repository';
import { createHubSpotClient } from '../../src/hubspot/client';
import { fetchPortalDetails } from '../../src/hubspot/portal-details';
import { runFullSync } from '../../src/services/sync/full-sync';
import { fixtureSchema } from '../../src/sandbox/fixture-schema';
import { createSandbox, type RunningSandbox, type Sandbox } from '../../src/sandbox/server';
import { databaseTargets } from '../support/databases';

const fixture = fixtureSchema.parse(
  JSON.parse(readFileSync(new URL('../fixtures/small-portfolio.json', import.meta.url), 'utf8')),
);

// A deal won while the service was down reaches the database by the full sync at the next start: it must be handed off.
describe.each(databaseTargets)('deals won between full syncs on $name', (target) => {
  let handle: DatabaseHandle;
  let sandbox: Sandbox;
  let running: RunningSandbox;
  const sync = async () => {
    const client = createHubSpotClient({
      accessToken: 'test-token',
      baseUrl: running.url,
      requestsPer10Seconds: 10_000,
    });
    await runFullSync({ client, db: handle.db, portal: await fetchPortalDetails(client) });
  };

  beforeAll(async () => {
    handle = await target.open();
    sandbox = createSandbox({ fixture, rateLimit: false });
    running = await sandbox.start(0);
  });
  afterAll(async () => {
    await running.close();
    await handle.close();
  });

  it('records none on the first sync and the deals won since on a later one, new ones included', async () => {
    await sync();
    expect(await listUnnotifiedClosedWonDeals(handle.db, fixture.portal.id)).toEqual([]);

    sandbox.store.objects.update('deals', '2012', { dealstage: 'closedwon' });
    const created = sandbox.store.objects.create('deals', {
      dealname: 'Won while down',
      pipeline: 'default',
      dealstage: 'closedwon',
      amount: '100',
    });
    await sync();
    expect((await listUnnotifiedClosedWonDeals(handle.db, fixture.portal.id)).sort()).toEqual(
      ['2012', created.id].sort(),
    );
  });
});
