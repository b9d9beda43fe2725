import { afterEach, describe, expect, it } from 'vitest';
import { detectLimits, oauthAppLimits } from '../../src/hubspot/limits/limit-settings';
import { createSandbox } from '../../src/sandbox/server';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

describe('the HubSpot limits the app keeps to', () => {
  it("reads a private app's tier from the daily limit HubSpot reports as private-apps-api-calls-daily", async () => {
    const running = await createSandbox({ rateLimit: { tier: 'enterprise', capacityPacks: 1 } }).start(0);
    closers.push(() => running.close());
    const limits = await detectLimits(
      { baseUrl: running.url, accessToken: () => 't' },
      { tier: 'auto', capacityPacks: 0 },
    );
    expect(limits).toMatchObject({ tier: 'enterprise', capacityPacks: 1, burst: { max: 250 }, daily: 2_000_000 });
  });

  it('paces an OAuth installation at the app limit of 110 calls per 10 s, whatever the tier set; the override still wins', () => {
    expect(oauthAppLimits({ tier: 'enterprise', capacityPacks: 2 }).burst).toEqual({
      max: 110,
      intervalMilliseconds: 10_000,
    });
    expect(oauthAppLimits({ tier: 'auto', capacityPacks: 0, requestsPer10Seconds: 50 }).burst.max).toBe(50);
  });
});
