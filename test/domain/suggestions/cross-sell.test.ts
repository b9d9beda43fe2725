import { describe, expect, it } from 'vitest';
import { catalogSettingsSchema, findProduct } from '../../../src/domain/catalog';
import { signatureFeatures, suggestCrossSells, suggestionSettingsSchema } from '../../../src/domain/suggestions';
import { analyticsPeers, ownersOfAnalytics, suggestionInput } from './fixtures';

const catalog = catalogSettingsSchema.parse({});
const settings = suggestionSettingsSchema.parse({});

describe('signatureFeatures', () => {
  it('keeps features owners use much more than others, never the product’s own', () => {
    const analytics = findProduct(catalog, 'analytics');
    if (analytics === null) throw new Error('demo catalog has analytics');
    // dashboard.view is used by everyone (no lift); analytics.query belongs to the product itself.
    expect(signatureFeatures(analytics, catalog, analyticsPeers, settings)).toEqual([
      { feature: 'export.csv', ownerSharePercent: 100, nonOwnerSharePercent: 0 },
      { feature: 'report.create', ownerSharePercent: 100, nonOwnerSharePercent: 20 },
    ]);
  });
});

describe('suggestCrossSells', () => {
  it('suggests a related product whose owners use what the company uses', () => {
    expect(suggestCrossSells(suggestionInput({ peers: analyticsPeers }), catalog, settings)).toEqual([
      {
        kind: 'cross_sell',
        productId: 'analytics',
        planId: 'standard',
        estimatedMrrCents: 10 * 1_500,
        evidence: {
          owners: 4,
          nonOwners: 5,
          signatureFeatures: [
            { feature: 'export.csv', ownerSharePercent: 100, nonOwnerSharePercent: 0 },
            { feature: 'report.create', ownerSharePercent: 100, nonOwnerSharePercent: 20 },
          ],
          matchedFeatures: ['export.csv', 'report.create'],
          estimatedUsers: 10,
          pricePerSeatCents: 1_500,
        },
      },
    ]);
  });

  const noRelated = catalogSettingsSchema.parse({
    products: catalog.products.map((product) =>
      product.id === 'core' ? { ...product, relatedProductIds: ['automation'] } : product,
    ),
  });

  it.each([
    {
      name: 'the company matches one signature feature of two',
      overrides: { featureUsers: { 'dashboard.view': 18, 'report.create': 10 } },
      catalog,
    },
    { name: 'too few owners to learn from', overrides: { peers: ownersOfAnalytics(2) }, catalog },
    {
      name: 'the product is owned',
      overrides: {
        ownedProducts: [
          { productId: 'core', planId: 'professional', seats: 20, mrrCents: 90_000 },
          { productId: 'analytics', planId: 'standard', seats: 5, mrrCents: 7_500 },
        ],
      },
      catalog,
    },
    { name: 'the product is not related to an owned one', overrides: {}, catalog: noRelated },
    {
      name: 'owners share no distinctive feature',
      overrides: {
        peers: [
          ...ownersOfAnalytics(3),
          ...ownersOfAnalytics(3).map((peer) => ({ ...peer, ownedProductIds: ['core'] })),
        ],
      },
      catalog,
    },
  ])('suggests nothing when $name', ({ overrides, catalog: chosen }) => {
    const input = suggestionInput({ peers: analyticsPeers, ...overrides });
    expect(
      suggestCrossSells(input, chosen, settings).filter((suggestion) => suggestion.productId === 'analytics'),
    ).toEqual([]);
  });

  it('follows a configured match size', () => {
    const lenient = suggestionSettingsSchema.parse({ crossSell: { minMatchedFeatures: 1 } });
    const input = suggestionInput({ peers: analyticsPeers, featureUsers: { 'report.create': 3 } });
    expect(suggestCrossSells(input, catalog, lenient)).toMatchObject([
      { productId: 'analytics', estimatedMrrCents: 3 * 1_500 },
    ]);
  });
});
