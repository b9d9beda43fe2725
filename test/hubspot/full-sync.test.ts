import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/client';
import { countCompanies } from '../../src/db/repositories/companies-repository';
import { countContracts, listContracts } from '../../src/db/repositories/contracts-repository';
import { countDeals } from '../../src/db/repositories/deals-repository';
import { findPortal } from '../../src/db/repositories/portals-repository';
import { closedWonStageIds as closedWonStageIdsOf } from '../../src/domain/contracts/closed-won';
import { dealToContract } from '../../src/domain/contracts/deal-to-contract';
import { createHubSpotClient } from '../../src/hubspot/client';
import { fetchPortalDetails } from '../../src/hubspot/portal-details';
import { runFullSync, type SyncObjectType } from '../../src/services/sync/full-sync';
import { generateDemoPortfolio } from '../../src/sandbox/demo/generate-demo-portfolio';
import { defaultSalesPipeline } from '../../src/sandbox/fixture-schema';
import { createSandbox, type RunningSandbox, type Sandbox } from '../../src/sandbox/server';
import { databaseTargets } from '../support/databases';
import { companyMrrTables, expectCompanyMrrAsRefreshed } from './full-sync-company-mrr';

const fixture = generateDemoPortfolio({ seed: 7, companies: 230 });
const listRoutes: Record<Exclude<SyncObjectType, 'pipelines'>, string> = {
  owners: 'GET /crm/v3/owners',
  companies: 'GET /crm/v3/objects/companies',
  deals: 'GET /crm/v3/objects/deals',
};

function expectedContracts() {
  const pipelines = [defaultSalesPipeline, ...fixture.pipelines];
  const closedWonStageIds = closedWonStageIdsOf(pipelines);
  return fixture.deals
    .map((deal) =>
      dealToContract(
        { id: deal.id, properties: deal.properties, companyIds: deal.companyIds },
        { timeZone: fixture.portal.timeZone, closedWonStageIds },
      ),
    )
    .filter((result) => result.isContract);
}

class CrashBetweenPages extends Error {}

describe.each(databaseTargets)('full sync into $name', (target) => {
  let sandbox: Sandbox;
  let running: RunningSandbox;
  let handle: DatabaseHandle;
  const client = () =>
    createHubSpotClient({ accessToken: 'test-token', baseUrl: running.url, requestsPer10Seconds: 10_000 });

  beforeAll(async () => {
    sandbox = createSandbox({ fixture, rateLimit: false });
    running = await sandbox.start(0);
  });
  afterAll(async () => running.close());
  beforeEach(async () => {
    handle = await target.open();
    sandbox.resetCalls();
    sandbox.clearFaults();
    return () => handle.close();
  });

  it('stores every owner, company, deal and derived contract once, with list calls near the minimum', async () => {
    const portal = await fetchPortalDetails(client());
    const result = await runFullSync({ client: client(), db: handle.db, portal });

    expect(result.resumed).toBe(false);
    expect(result.counts).toMatchObject({
      owners: fixture.owners.length,
      companies: fixture.companies.length,
      deals: fixture.deals.length,
    });
    expect(await countCompanies(handle.db, portal.id)).toBe(fixture.companies.length);
    expect(await countDeals(handle.db, portal.id)).toBe(fixture.deals.length);
    const expected = expectedContracts();
    expect(expected.length).toBeGreaterThan(100);
    expect(await countContracts(handle.db, portal.id)).toBe(expected.length);
    expect(await findPortal(handle.db, portal.id)).toMatchObject({
      timeZone: fixture.portal.timeZone,
      currency: fixture.portal.currency,
    });

    const calls = sandbox.calls().byRoute;
    for (const [objectType, route] of Object.entries(listRoutes)) {
      const records = result.counts[objectType as keyof typeof listRoutes];
      expect(calls[route], route).toBeLessThanOrEqual(Math.ceil(1.05 * Math.ceil(records / 100)) + 1);
    }
    expect(calls['GET /crm/v3/pipelines/deals']).toBe(1);
    await expectCompanyMrrAsRefreshed(handle.db, portal.id);
  });

  it('derives each contract exactly as the domain rules say', async () => {
    const portal = await fetchPortalDetails(client());
    await runFullSync({ client: client(), db: handle.db, portal });
    const stored = await listContracts(handle.db, portal.id);
    const byDeal = new Map(stored.map((contract) => [contract.dealId, contract]));
    for (const result of expectedContracts()) {
      const { contract } = result;
      expect(byDeal.get(contract.dealId), contract.dealId).toMatchObject({
        companyId: contract.companyId,
        kind: contract.kind,
        product: contract.product,
        mrrMinor: contract.mrrMinor,
        startDate: contract.startDate,
        endDate: contract.endDate,
        seats: contract.seats,
      });
    }
  });

  it('resumes an interrupted run at the page it stopped on and stores every record once', async () => {
    const portal = await fetchPortalDetails(client());
    const crash = runFullSync({
      client: client(),
      db: handle.db,
      portal,
      afterPage: (objectType, pages) => {
        if (objectType === 'deals' && pages === 3) throw new CrashBetweenPages('killed');
      },
    });
    await expect(crash).rejects.toBeInstanceOf(CrashBetweenPages);
    // The sync downloads the next page while it writes the current one, so page 4 may have been fetched.
    const callsBefore = sandbox.calls().byRoute[listRoutes.deals] ?? 0;
    expect(callsBefore).toBeGreaterThanOrEqual(3);
    expect(callsBefore).toBeLessThanOrEqual(4);
    // The deals' pages leave the company MRR to the end of the step.
    expect(await companyMrrTables(handle.db, portal.id)).toEqual({ steps: [], months: [] });
    sandbox.resetCalls();

    const resumed = await runFullSync({ client: client(), db: handle.db, portal });
    expect(resumed.resumed).toBe(true);
    const calls = sandbox.calls().byRoute;
    expect(calls[listRoutes.companies]).toBeUndefined();
    expect(calls[listRoutes.deals]).toBe(Math.ceil(fixture.deals.length / 100) - 3);
    expect(callsBefore + (calls[listRoutes.deals] ?? 0)).toBeLessThanOrEqual(Math.ceil(fixture.deals.length / 100) + 1);
    expect(resumed.counts.deals).toBe(fixture.deals.length);
    expect(await countDeals(handle.db, portal.id)).toBe(fixture.deals.length);
    expect(await countContracts(handle.db, portal.id)).toBe(expectedContracts().length);
    await expectCompanyMrrAsRefreshed(handle.db, portal.id);

    sandbox.resetCalls();
    const fresh = await runFullSync({ client: client(), db: handle.db, portal });
    expect(fresh.resumed).toBe(false);
    expect(sandbox.calls().byRoute[listRoutes.companies]).toBe(Math.ceil(fixture.companies.length / 100));
  });

  it('rebuilds the company MRR of a run that died after its last deals page when it resumes', async () => {
    const portal = await fetchPortalDetails(client());
    await runFullSync({ client: client(), db: handle.db, portal });
    const synced = await companyMrrTables(handle.db, portal.id);
    const [changed] = expectedContracts();
    if (changed === undefined) throw new Error('the fixture has no contract');
    const dealId = changed.contract.dealId;
    const previousMrr = fixture.deals.find((deal) => deal.id === dealId)?.properties.cs_mrr ?? '';
    sandbox.store.objects.update('deals', dealId, { cs_mrr: '12345' });
    try {
      const lastPage = Math.ceil(fixture.deals.length / 100);
      const crash = runFullSync({
        client: client(),
        db: handle.db,
        portal,
        afterPage: (objectType, pages) => {
          if (objectType === 'deals' && pages === lastPage) throw new CrashBetweenPages('killed');
        },
      });
      await expect(crash).rejects.toBeInstanceOf(CrashBetweenPages);
      // Every deal is in, but readers still see the company MRR of the last complete run.
      expect((await listContracts(handle.db, portal.id)).find((contract) => contract.dealId === dealId)?.mrrMinor).toBe(
        1_234_500,
      );
      expect(await companyMrrTables(handle.db, portal.id)).toEqual(synced);

      const resumed = await runFullSync({ client: client(), db: handle.db, portal });
      expect(resumed.resumed).toBe(true);
      const rebuilt = await expectCompanyMrrAsRefreshed(handle.db, portal.id);
      expect(rebuilt).not.toEqual(synced);
      expect(
        rebuilt.steps.some((step) => step.companyId === changed.contract.companyId && step.mrrMinor >= 1_234_500),
      ).toBe(true);
    } finally {
      sandbox.store.objects.update('deals', dealId, { cs_mrr: previousMrr });
    }
  });

  it('retries HubSpot 5xx and 429 answers and still completes', async () => {
    const portal = await fetchPortalDetails(client());
    sandbox.failNext({ status: 502, count: 2, match: listRoutes.companies });
    sandbox.failNext({ status: 429, count: 1, match: listRoutes.deals });
    const result = await runFullSync({ client: client(), db: handle.db, portal, retry: { minTimeoutMs: 5 } });
    expect(result.counts.companies).toBe(fixture.companies.length);
    expect(sandbox.calls().byRoute[listRoutes.companies]).toBe(Math.ceil(fixture.companies.length / 100) + 2);
  });
});
