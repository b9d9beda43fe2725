import { describe, expect, it } from 'vitest';
import {
  catalogSettingsSchema,
  coreFeatureKeys,
  divideRoundHalfUp,
  findProduct,
  higherPlans,
  inferPlan,
} from '../../../src/domain/catalog';

const catalog = catalogSettingsSchema.parse({});
const core = findProduct(catalog, 'core');

describe('catalog settings', () => {
  it('defaults to the demo catalog of three products', () => {
    expect(
      catalog.products.map((product) => [product.id, product.plans.map((plan) => plan.id), product.relatedProductIds]),
    ).toEqual([
      ['core', ['starter', 'professional', 'enterprise'], ['analytics', 'automation']],
      ['analytics', ['standard', 'advanced'], ['automation']],
      ['automation', ['standard', 'advanced'], ['analytics']],
    ]);
    const features = new Set(catalog.products.flatMap((product) => product.plans.flatMap((plan) => plan.features)));
    for (const named of [
      'dashboard.view',
      'report.create',
      'automation.run',
      'integration.sync',
      'analytics.query',
      'export.csv',
    ]) {
      expect(features.has(named)).toBe(true);
    }
  });

  it.each([
    {
      name: 'an unknown related product',
      products: [{ id: 'core', name: 'Core', plans: catalog.products[0]?.plans, relatedProductIds: ['crm'] }],
    },
    {
      name: 'duplicate plan ids',
      products: [
        { id: 'core', name: 'Core', plans: [...(catalog.products[0]?.plans ?? []), catalog.products[0]?.plans[0]] },
      ],
    },
    { name: 'no core product', products: [catalog.products[1]] },
    {
      name: 'a fractional price',
      products: [
        {
          id: 'core',
          name: 'Core',
          plans: [{ id: 'one', name: 'One', pricePerSeatCents: 10.5, limits: { seats: null }, features: ['a.b'] }],
        },
      ],
    },
  ])('rejects $name', ({ products }) => {
    expect(catalogSettingsSchema.safeParse({ products }).success).toBe(false);
  });
});

describe('catalog queries', () => {
  it('lists core features for the product or one plan', () => {
    expect(coreFeatureKeys(catalog, 'starter')).toEqual(['dashboard.view', 'report.create', 'export.csv']);
    expect(coreFeatureKeys(catalog)).toHaveLength(6);
  });

  it('lists higher plans lowest first', () => {
    if (core === null) throw new Error('demo catalog has a core product');
    expect(higherPlans(core, 'starter').map((plan) => plan.id)).toEqual(['professional', 'enterprise']);
    expect(higherPlans(core, 'enterprise')).toEqual([]);
  });

  it.each([
    { mrrCents: 25_000, seats: 10, expected: 'starter' },
    { mrrCents: 81_000, seats: 20, expected: 'professional' },
    { mrrCents: 140_000, seats: 20, expected: 'enterprise' },
    // Halfway between starter (50,000) and professional (90,000) falls to the lower plan.
    { mrrCents: 70_000, seats: 20, expected: 'starter' },
  ])('infers $expected from $mrrCents cents for $seats seats', ({ mrrCents, seats, expected }) => {
    if (core === null) throw new Error('demo catalog has a core product');
    expect(inferPlan(core, mrrCents, seats).id).toBe(expected);
  });
});

describe('divideRoundHalfUp', () => {
  it.each([
    [90_000, 20, 4_500],
    [90_009, 20, 4_500],
    [90_010, 20, 4_501],
    [1, 3, 0],
    [2, 3, 1],
  ])('%d / %d -> %d', (numerator, denominator, expected) => {
    expect(divideRoundHalfUp(numerator, denominator)).toBe(expected);
  });

  it('refuses non-integers', () => {
    expect(() => divideRoundHalfUp(1.5, 2)).toThrow(RangeError);
    expect(() => divideRoundHalfUp(1, 0)).toThrow(RangeError);
  });
});
