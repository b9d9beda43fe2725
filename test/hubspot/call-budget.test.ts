import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/config/logger';
import { openDatabase, type DatabaseHandle } from '../../src/db/client';
import { openMemoryDatabase } from '../support/pglite-template';
import { dailyPauses } from '../../src/db/repositories/call-budget-repository';
import { upsertPortal } from '../../src/db/repositories/portals-repository';
import { createApp } from '../../src/http/app';
import { readAssociationsBatch } from '../../src/hubspot/associations/association-batch-read';
import { createHubSpotClient, statusOf, withRetry, type HubSpotConnection } from '../../src/hubspot/client';
import { isHeldByBudget } from '../../src/hubspot/limits/budget-decorator';
import { DailyLimitReached } from '../../src/hubspot/limits/call-budget';
import { detectLimits, type LimitSettings } from '../../src/hubspot/limits/limit-settings';
import { portalBudget } from '../../src/services/rate-limits/hubspot-call-budgets';
import { fixtureSchema } from '../../src/sandbox/fixture-schema';
import { createSandbox, type Sandbox } from '../../src/sandbox/server';
import { createServerDatabase, databaseTargets } from '../support/databases';

const portalId = 4242;
const fixture = fixtureSchema.parse({
  portal: { id: portalId, timeZone: 'America/New_York' },
  companies: Array.from({ length: 3 }, (_unused, index) => ({
    id: String(index + 1),
    properties: { name: `Company ${index + 1}` },
  })),
});
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  budgets.clear();
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function startSandbox(
  rateLimit: NonNullable<Parameters<typeof createSandbox>[0]>['rateLimit'],
): Promise<{ sandbox: Sandbox; url: string }> {
  const sandbox = createSandbox({ fixture, rateLimit });
  const running = await sandbox.start(0);
  cleanups.push(() => running.close());
  return { sandbox, url: running.url };
}

/** Two handles on one database: two processes for Postgres; PGlite has one process, so one handle twice. */
async function twoHandles(name: 'pglite' | 'postgres'): Promise<[DatabaseHandle, DatabaseHandle]> {
  if (name === 'pglite') {
    const handle = await openMemoryDatabase();
    cleanups.push(() => handle.close());
    return [handle, handle];
  }
  const database = await createServerDatabase();
  cleanups.push(() => database.drop());
  const first = await openDatabase({ databaseUrl: database.url, poolSize: 2 });
  const second = await openDatabase({ databaseUrl: database.url, poolSize: 2 });
  cleanups.push(
    () => first.close(),
    () => second.close(),
  );
  return [first, second];
}

// One budget per process and portal, as the service keeps one client per portal: on PGlite the "two processes" are one.
// The windows here are scaled down, so a call starved of CPU on a loaded machine arrives late by a larger share of one:
// a wider jitter allowance than the product's keeps these tests about sharing the budget, not about the machine.
const budgets = new Map<DatabaseHandle, HubSpotConnection['budget']>();
function budgetedConnection(handle: DatabaseHandle, url: string, settings: LimitSettings): HubSpotConnection {
  const sharedBy = handle.kind === 'pglite' ? 'process' : 'database';
  const budget =
    budgets.get(handle) ??
    portalBudget(handle.db, portalId, () => detectLimits({ baseUrl: url, accessToken: () => 't' }, settings), {
      sharedBy,
      jitterAllowanceMs: 500,
    });
  budgets.set(handle, budget);
  return { accessToken: 't', baseUrl: url, requestsPer10Seconds: 10_000, budget };
}

/** A portal with a budgeted client whose account has no daily calls left (the sandbox answers 429 DAILY). */
async function outOfDailyCalls(name: 'pglite' | 'postgres', tier: LimitSettings['tier']) {
  const { sandbox, url } = await startSandbox({ tier: 'starter' });
  const [handle] = await twoHandles(name);
  await upsertPortal(handle.db, { id: portalId, timeZone: 'America/New_York', currency: 'USD' });
  const client = createHubSpotClient(budgetedConnection(handle, url, { tier, capacityPacks: 0 }));
  sandbox.useDailyCalls(0);
  sandbox.resetCalls();
  return { sandbox, handle, client };
}

const fastStarter: LimitSettings = { tier: 'starter', capacityPacks: 0, requestsPer10Seconds: 10, timeScale: 5 };

describe.each(databaseTargets)('HubSpot call budgets on $name', (target) => {
  it('pauses the portal on a DAILY 429 answered to apiRequest too (the date-based association reads)', async () => {
    const { sandbox, handle, client } = await outOfDailyCalls(target.name, 'starter');
    const failure = await readAssociationsBatch(client, 'companies', 'deals', [{ id: '1' }], {
      retries: 3,
      minTimeoutMs: 10,
    }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(DailyLimitReached);
    expect(sandbox.calls().byRoute).toEqual({
      'POST /crm/associations/2026-03/companies/deals/batch/read': 1,
    });
    expect((await dailyPauses(handle.db, portalId))[0]?.until.getTime()).toBeGreaterThan(Date.now());
  });

  it('keeps two processes on one database together under the burst limit, with no 429', async () => {
    const { sandbox, url } = await startSandbox({ tier: 'starter', maxRequests: 10, timeScale: 5 });
    const [first, second] = await twoHandles(target.name);
    const clients = [first, second].map((handle) => createHubSpotClient(budgetedConnection(handle, url, fastStarter)));
    const started = performance.now();
    await Promise.all(
      clients.map((client) =>
        Promise.all(Array.from({ length: 15 }, () => client.crm.companies.basicApi.getById('1'))),
      ),
    );
    const seconds = (performance.now() - started) / 1000;
    const limits = sandbox.calls().limits;
    expect(limits?.refused).toEqual({ TEN_SECONDLY_ROLLING: 0, DAILY: 0, SECONDLY: 0 });
    expect(limits?.allowed.tenSecondly).toBe(30);
    // 30 calls at 10 per 2.5 s (the 10 s window scaled by 5, and the allowance): 20 calls wait at least 4 s.
    // No upper bound: how much longer it takes depends on the machine's load, not on the pacing.
    expect(seconds).toBeGreaterThan(4);
  });

  // Real time: at twice the speed a 500 ms window left too little room for a call delayed on a loaded machine.
  it('paces CRM search by its own per-second limit', async () => {
    const { sandbox, url } = await startSandbox({ tier: 'starter', timeScale: 1 });
    const [handle] = await twoHandles(target.name);
    const client = createHubSpotClient(
      budgetedConnection(handle, url, { tier: 'starter', capacityPacks: 0, timeScale: 1 }),
    );
    const search = { filterGroups: [], sorts: [], properties: [], limit: 1, after: '0' };
    await Promise.all(Array.from({ length: 12 }, () => client.crm.companies.searchApi.doSearch(search)));
    expect(sandbox.calls().limits).toMatchObject({
      allowed: { searchSecondly: 12 },
      refused: { SECONDLY: 0, TEN_SECONDLY_ROLLING: 0 },
    });
  });

  it('retries a TEN_SECONDLY_ROLLING 429 after a hold that every client of the portal keeps', async () => {
    const { sandbox, url } = await startSandbox({ tier: 'starter', timeScale: 10 });
    const [first, second] = await twoHandles(target.name);
    const settings: LimitSettings = { tier: 'starter', capacityPacks: 0, timeScale: 10 };
    const client = createHubSpotClient(budgetedConnection(first, url, settings));
    const other = createHubSpotClient(budgetedConnection(second, url, settings));
    sandbox.failNext({
      status: 429,
      policy: 'TEN_SECONDLY_ROLLING',
      match: 'GET /crm/v3/objects/companies/{objectId}',
    });
    const started = performance.now();
    await expect(
      withRetry('GET company', () => client.crm.companies.basicApi.getById('1'), { minTimeoutMs: 10 }),
    ).resolves.toMatchObject({ id: '1' });
    // No Retry-After: a tenth of the tier's window (10 s scaled to 1 s) is held, for the other process too.
    await other.crm.companies.basicApi.getById('2');
    expect(performance.now() - started).toBeGreaterThan(95);
    sandbox.failNext({ status: 429, policy: 'SECONDLY', match: /search$/ });
    await expect(
      withRetry(
        'search',
        () =>
          client.crm.companies.searchApi.doSearch({
            filterGroups: [],
            sorts: [],
            properties: [],
            limit: 1,
            after: '0',
          }),
        { minTimeoutMs: 10 },
      ),
    ).resolves.toMatchObject({ total: 3 });
    expect(sandbox.calls().byRoute['GET /crm/v3/objects/companies/{objectId}']).toBe(3);
    expect(sandbox.calls().byRoute['POST /crm/v3/objects/companies/search']).toBe(2);
  });

  it("holds the portal's budget for a rolling 429 answered to apiRequest, so the retry does not wait again", async () => {
    const { sandbox, url } = await startSandbox({ tier: 'starter' });
    const [handle] = await twoHandles(target.name);
    const client = createHubSpotClient(
      budgetedConnection(handle, url, { tier: 'starter', capacityPacks: 0, timeScale: 10 }),
    );
    sandbox.failNext({ status: 429, policy: 'TEN_SECONDLY_ROLLING', match: /batch\/read$/ });
    const refused = await readAssociationsBatch(client, 'companies', 'deals', [{ id: '1' }], { retries: 0 }).catch(
      (error: unknown) => error,
    );
    expect(statusOf(refused)).toBe(429);
    expect(isHeldByBudget(refused)).toBe(true);
  });

  it('never retries a DAILY 429: the portal pauses until its midnight, calls fail at once, and /readyz says so', async () => {
    const { sandbox, handle, client } = await outOfDailyCalls(target.name, 'auto');
    const failure = await withRetry('GET company', () => client.crm.companies.basicApi.getById('1'), {
      retries: 3,
      minTimeoutMs: 10,
    }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(DailyLimitReached);
    // One call read the tier (HUBSPOT_API_TIER=auto), one got DAILY, and none repeated it.
    expect(sandbox.calls().byRoute).toEqual({
      'GET /account-info/v3/api-usage/daily/private-apps': 1,
      'GET /crm/v3/objects/companies/{objectId}': 1,
    });
    const [pause] = await dailyPauses(handle.db, portalId);
    // The next midnight in New York: 05:00 UTC in winter.
    expect(pause?.until.toISOString()).toMatch(/T05:00:00\.000Z$/);
    expect(pause?.until.getTime()).toBeGreaterThan(Date.now());

    await expect(client.crm.companies.basicApi.getById('2')).rejects.toBeInstanceOf(DailyLimitReached);
    expect(sandbox.calls().byRoute['GET /crm/v3/objects/companies/{objectId}']).toBe(1);

    const server = createApp({ apiAuth: 'open', db: handle.db, logger: createLogger('silent') }).listen(0, '127.0.0.1');
    cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    const ready = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/readyz`);
    expect(await ready.json()).toEqual({
      status: 'ready',
      hubspot: { dailyLimitReached: [{ portalId, resumesAt: pause?.until.toISOString() }] },
    });
  });
});
