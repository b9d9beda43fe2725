import { describe, expect, it } from 'vitest';
import * as product from '../../src/hubspot/limits/api-tiers';
import * as sandbox from '../../src/sandbox/api-tiers';

// The product budgets for HubSpot's limits and the sandbox enforces them; each keeps its own copy (the sandbox
// imports nothing of the product), and both must say what HubSpot publishes.
describe('HubSpot API limits: the sandbox and the product agree', () => {
  it('has the same tiers and figures', () => {
    expect(sandbox.apiTiers).toEqual(product.apiTiers);
    expect(sandbox.tierLimits).toEqual(product.tierLimits);
    expect([
      sandbox.capacityPackBurst,
      sandbox.capacityPackDaily,
      sandbox.burstIntervalMilliseconds,
      sandbox.searchRequestsPerSecond,
    ]).toEqual([
      product.capacityPackBurst,
      product.capacityPackDaily,
      product.burstIntervalMilliseconds,
      product.searchRequestsPerSecond,
    ]);
  });

  it.each([
    {},
    { tier: 'free' as const },
    { tier: 'enterprise' as const, capacityPacks: 2 },
    { tier: 'starter' as const, timeScale: 10 },
  ])('derives the same limits from %o', (input) => {
    expect(sandbox.apiLimits(input)).toEqual(product.apiLimits(input));
  });
});
