import { Client } from '@hubspot/api-client';
import { describe, expect, it } from 'vitest';
import { companies, failure, fixture, startHarness } from './sandbox-harness';

describe('rate limit, authentication, faults and call counts', () => {
  it("answers 429 with HubSpot's body and headers once the rolling window is used up", async () => {
    let now = 1_700_000_000_000;
    const { client } = await startHarness({
      fixture: fixture({ companies: companies(1) }),
      rateLimit: { maxRequests: 3 },
      now: () => now,
    });
    for (let call = 0; call < 3; call += 1) await client.crm.companies.basicApi.getById('1');
    const limited = await failure(client.crm.companies.basicApi.getById('1'));
    expect(limited.code).toBe(429);
    expect(limited.body).toMatchObject({
      status: 'error',
      message: 'You have reached your ten_secondly_rolling limit.',
      errorType: 'RATE_LIMIT',
      policyName: 'TEN_SECONDLY_ROLLING',
      correlationId: expect.any(String),
      groupName: expect.any(String),
    });
    expect(limited.headers).toMatchObject({
      'x-hubspot-ratelimit-max': '3',
      'x-hubspot-ratelimit-remaining': '0',
      'x-hubspot-ratelimit-interval-milliseconds': '10000',
      'x-hubspot-ratelimit-daily': '625000',
      'x-hubspot-ratelimit-daily-remaining': '624997',
    });
    now += 10_001;
    await expect(client.crm.companies.basicApi.getById('1')).resolves.toMatchObject({ id: '1' });
  });

  it("answers 401 with HubSpot's body when no bearer token is sent", async () => {
    const { url } = await startHarness();
    const anonymous = new Client({ basePath: url, numberOfApiCallRetries: 0 });
    const refused = await failure(anonymous.crm.companies.basicApi.getPage());
    expect(refused.code).toBe(401);
    expect(refused.body).toMatchObject({
      status: 'error',
      category: 'INVALID_AUTHENTICATION',
      message: expect.stringContaining('Authentication credentials not found'),
    });
  });

  it('rejects other tokens when one is pinned', async () => {
    const { url } = await startHarness({ accessToken: 'the-token' });
    const other = new Client({ accessToken: 'another', basePath: url, numberOfApiCallRetries: 0 });
    expect((await failure(other.crm.companies.basicApi.getPage())).code).toBe(401);
    const pinned = new Client({ accessToken: 'the-token', basePath: url, numberOfApiCallRetries: 0 });
    await expect(pinned.crm.companies.basicApi.getPage()).resolves.toMatchObject({ results: [] });
  });

  it('fails the next matching calls on demand, so retries can be tested', async () => {
    const { client, sandbox, url } = await startHarness({ fixture: fixture({ companies: companies(1) }) });
    sandbox.failNext({ status: 500, count: 2, match: 'GET /crm/v3/objects/companies' });
    await client.crm.deals.basicApi.getPage();
    expect((await failure(client.crm.companies.basicApi.getPage())).code).toBe(500);
    const throttled = await failure(client.crm.companies.basicApi.getPage());
    expect(throttled.code).toBe(500);
    await expect(client.crm.companies.basicApi.getPage()).resolves.toMatchObject({
      results: [expect.objectContaining({ id: '1' })],
    });

    sandbox.failNext({ status: 429, match: /companies/ });
    const limited = await failure(client.crm.companies.basicApi.getById('1'));
    expect(limited.code).toBe(429);
    expect(limited.body).toMatchObject({ policyName: 'TEN_SECONDLY_ROLLING' });

    sandbox.failNext({ status: 503 });
    // The client counts its first attempt among numberOfApiCallRetries.
    const retrying = new Client({ accessToken: 'sandbox-token', basePath: url, numberOfApiCallRetries: 2 });
    await expect(retrying.crm.companies.basicApi.getById('1')).resolves.toMatchObject({ id: '1' });
  });

  it('counts calls by method and route, over the API and the admin endpoint', async () => {
    const { client, sandbox, url } = await startHarness({ fixture: fixture({ companies: companies(2) }) });
    await client.crm.companies.basicApi.getPage();
    await client.crm.companies.basicApi.getPage();
    await client.crm.companies.basicApi.getById('1');
    await client.crm.deals.searchApi.doSearch({ filterGroups: [], sorts: [], properties: [], limit: 1, after: '0' });
    await client.crm.associations.v4.basicApi.getPage('companies', '1', 'deals');
    const expected = {
      'GET /crm/v3/objects/companies': 2,
      'GET /crm/v3/objects/companies/{objectId}': 1,
      'POST /crm/v3/objects/deals/search': 1,
      'GET /crm/v4/objects/companies/{objectId}/associations/deals': 1,
    };
    expect(sandbox.calls()).toEqual({ total: 5, byRoute: expected });
    const admin = await fetch(`${url}/_sandbox/calls`);
    expect(await admin.json()).toEqual({ total: 5, byRoute: expected });
    sandbox.resetCalls();
    expect(sandbox.calls()).toEqual({ total: 0, byRoute: {} });
  });
});
