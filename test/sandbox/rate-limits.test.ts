import { describe, expect, it } from 'vitest';
import { PortalRateLimits } from '../../src/sandbox/rate-limit';
import { companies, failure, fixture, startHarness } from './sandbox-harness';

const search = { filterGroups: [], sorts: [], properties: [], limit: 1, after: '0' };

describe("HubSpot's limits in the sandbox", () => {
  it('holds each tier to its burst per 10 s, and the capacity pack to 250', async () => {
    let now = 1_700_000_000_000;
    for (const [tier, burst] of [
      ['starter', 100],
      ['professional', 190],
      ['enterprise', 190],
    ] as const) {
      const { client } = await startHarness({
        fixture: fixture({ companies: companies(1) }),
        rateLimit: { tier },
        now: () => now,
      });
      const first = await client.crm.companies.basicApi.getPage(1);
      expect(first.results).toHaveLength(1);
      for (let call = 1; call < burst; call += 1) await client.crm.companies.basicApi.getById('1');
      expect((await failure(client.crm.companies.basicApi.getById('1'))).body).toMatchObject({
        policyName: 'TEN_SECONDLY_ROLLING',
      });
      now += 10_000;
    }
    const { url } = await startHarness({ rateLimit: { tier: 'starter', capacityPacks: 1 } });
    const admin = await fetch(`${url}/account-info/v3/api-usage/daily/private-apps`, {
      headers: { authorization: 'Bearer t' },
    });
    expect(admin.headers.get('x-hubspot-ratelimit-max')).toBe('250');
    expect(await admin.json()).toMatchObject({
      results: [{ name: 'private-apps-api-calls-daily', usageLimit: 1_250_000, currentUsage: 1 }],
    });
  });

  it("answers DAILY once the day's calls are used, until midnight in the portal's time zone", async () => {
    // 22:30 UTC is 23:30 in Paris (winter): the reset comes 30 minutes later.
    let now = Date.parse('2026-12-03T22:30:00Z');
    const { client, sandbox } = await startHarness({
      fixture: fixture({ portal: { id: 4242, timeZone: 'Europe/Paris' }, companies: companies(1) }),
      rateLimit: { tier: 'starter' },
      now: () => now,
    });
    sandbox.useDailyCalls(1);
    await client.crm.companies.basicApi.getById('1');
    const refused = await failure(client.crm.companies.basicApi.getById('1'));
    expect(refused.code).toBe(429);
    expect(refused.body).toMatchObject({
      status: 'error',
      errorType: 'RATE_LIMIT',
      policyName: 'DAILY',
      message: 'You have reached your daily limit.',
    });
    expect(refused.headers).toMatchObject({
      'x-hubspot-ratelimit-daily': '250000',
      'x-hubspot-ratelimit-daily-remaining': '0',
    });
    now = Date.parse('2026-12-03T22:59:59Z');
    expect((await failure(client.crm.companies.basicApi.getById('1'))).body).toMatchObject({ policyName: 'DAILY' });
    now = Date.parse('2026-12-03T23:00:00Z');
    await expect(client.crm.companies.basicApi.getById('1')).resolves.toMatchObject({ id: '1' });
    expect(sandbox.calls().limits).toMatchObject({
      refused: { DAILY: 2, TEN_SECONDLY_ROLLING: 0, SECONDLY: 0 },
      dailyUsed: 1,
    });
  });

  it('limits CRM search per second with SECONDLY, with no X-HubSpot-RateLimit headers', async () => {
    let now = 1_700_000_000_000;
    const { client, sandbox, url } = await startHarness({
      fixture: fixture({ companies: companies(1) }),
      rateLimit: { tier: 'starter' },
      now: () => now,
    });
    for (let call = 0; call < 5; call += 1) await client.crm.companies.searchApi.doSearch(search);
    const refused = await failure(client.crm.companies.searchApi.doSearch(search));
    expect(refused.code).toBe(429);
    expect(refused.body).toMatchObject({
      errorType: 'RATE_LIMIT',
      policyName: 'SECONDLY',
      message: 'You have reached your secondly limit.',
    });
    expect(Object.keys(refused.headers).filter((name) => name.startsWith('x-hubspot-ratelimit'))).toEqual([]);
    // Other endpoints are not held by the search limit.
    await expect(client.crm.companies.basicApi.getById('1')).resolves.toMatchObject({ id: '1' });
    now += 1_000;
    await expect(client.crm.companies.searchApi.doSearch(search)).resolves.toMatchObject({ total: 1 });
    const counts = await (await fetch(`${url}/_sandbox/calls`)).json();
    expect(counts.limits).toEqual({
      allowed: { tenSecondly: 7, daily: 7, searchSecondly: 6 },
      refused: { TEN_SECONDLY_ROLLING: 0, DAILY: 0, SECONDLY: 1 },
      dailyUsed: 7,
    });
    sandbox.resetCalls();
    expect(sandbox.calls().limits?.allowed).toEqual({ tenSecondly: 0, daily: 0, searchSecondly: 0 });
  });

  it('scales the burst and search windows by timeScale', async () => {
    let now = 1_700_000_000_000;
    const { client } = await startHarness({
      fixture: fixture({ companies: companies(1) }),
      rateLimit: { tier: 'starter', maxRequests: 2, timeScale: 10 },
      now: () => now,
    });
    await client.crm.companies.basicApi.getById('1');
    await client.crm.companies.basicApi.getById('1');
    expect(
      (await failure(client.crm.companies.basicApi.getById('1'))).headers['x-hubspot-ratelimit-interval-milliseconds'],
    ).toBe('1000');
    now += 1_000;
    await expect(client.crm.companies.basicApi.getById('1')).resolves.toMatchObject({ id: '1' });
  });

  it('holds an OAuth-installed app to 110 calls per 10 s whatever the tier, with no daily limit', () => {
    let now = Date.parse('2026-12-03T12:00:00Z');
    const limiter = new PortalRateLimits(
      { tier: 'enterprise', capacityPacks: 1, oauthApp: true },
      () => now,
      () => 'UTC',
    );
    expect(limiter.limits.burst.max).toBe(110);
    for (let call = 0; call < 110; call += 1) expect(limiter.take(false).refused).toBeUndefined();
    expect(limiter.take(false).refused).toBe('TEN_SECONDLY_ROLLING');
    limiter.useDaily(0);
    now += 10_000;
    expect(limiter.take(false).refused).toBeUndefined();
  });
});
