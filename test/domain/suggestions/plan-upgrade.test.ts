import { describe, expect, it } from 'vitest';
import { catalogSettingsSchema } from '../../../src/domain/catalog';
import { suggestPlanUpgrades, suggestionSettingsSchema, type OwnedProduct } from '../../../src/domain/suggestions';
import { suggestionInput } from './fixtures';

const catalog = catalogSettingsSchema.parse({});
const settings = suggestionSettingsSchema.parse({});
const core = (planId: string | null, seats: number | null, mrrCents: number): OwnedProduct => ({
  productId: 'core',
  planId,
  seats,
  mrrCents,
});
const basicUse: Record<string, number> = { 'dashboard.view': 8, 'report.create': 4 };

type UsageCase = { name: string; owned: OwnedProduct; activeUsers: number; featureUsers: Record<string, number> };

describe('suggestPlanUpgrades', () => {
  it.each<UsageCase & { to: string; reasons: string[]; mrr: number }>([
    {
      name: 'starter using a professional feature',
      owned: core('starter', 5, 12_500),
      activeUsers: 5,
      featureUsers: { ...basicUse, 'integration.sync': 2 },
      to: 'professional',
      reasons: ['higher_plan_features_used'],
      mrr: 2_000 * 5,
    },
    {
      name: 'starter using an enterprise feature',
      owned: core('starter', 5, 12_500),
      activeUsers: 5,
      featureUsers: { ...basicUse, 'audit.log': 1 },
      to: 'enterprise',
      reasons: ['higher_plan_features_used'],
      mrr: 4_500 * 5,
    },
    {
      name: 'professional using an enterprise feature',
      owned: core('professional', 20, 90_000),
      activeUsers: 18,
      featureUsers: { ...basicUse, 'audit.log': 3 },
      to: 'enterprise',
      reasons: ['higher_plan_features_used'],
      mrr: 2_500 * 20,
    },
    {
      name: 'starter at 9 of 10 seats',
      owned: core('starter', 9, 22_500),
      activeUsers: 6,
      featureUsers: basicUse,
      to: 'professional',
      reasons: ['near_seat_limit'],
      mrr: 2_000 * 9,
    },
    {
      name: 'starter with more users than seats near the limit',
      owned: core('starter', 5, 12_500),
      activeUsers: 9,
      featureUsers: basicUse,
      to: 'professional',
      reasons: ['near_seat_limit'],
      mrr: 2_000 * 5,
    },
    {
      name: 'plan inferred from price',
      owned: core(null, 20, 90_000),
      activeUsers: 18,
      featureUsers: { 'audit.log': 1 },
      to: 'enterprise',
      reasons: ['higher_plan_features_used'],
      mrr: 2_500 * 20,
    },
    {
      name: 'both signals',
      owned: core('starter', 10, 25_000),
      activeUsers: 10,
      featureUsers: { 'report.schedule': 3 },
      to: 'professional',
      reasons: ['higher_plan_features_used', 'near_seat_limit'],
      mrr: 2_000 * 10,
    },
  ])('$name -> $to', ({ owned, activeUsers, featureUsers, to, reasons, mrr }) => {
    const [suggestion, ...others] = suggestPlanUpgrades(
      suggestionInput({ ownedProducts: [owned], activeUsers, featureUsers }),
      catalog,
      settings,
    );
    expect(others).toEqual([]);
    expect(suggestion).toMatchObject({
      kind: 'plan_upgrade',
      productId: 'core',
      toPlanId: to,
      estimatedMrrCents: mrr,
      evidence: { reasons },
    });
  });

  it('shows the features and seat limit behind the suggestion', () => {
    const input = suggestionInput({
      ownedProducts: [core('starter', 9, 22_500)],
      activeUsers: 9,
      featureUsers: { ...basicUse, 'integration.sync': 2 },
    });
    expect(suggestPlanUpgrades(input, catalog, settings)[0]?.evidence).toEqual({
      reasons: ['higher_plan_features_used', 'near_seat_limit'],
      higherPlanFeaturesUsed: [{ feature: 'integration.sync', users: 2 }],
      seats: 9,
      seatLimit: 10,
      seatLimitUsePercent: 90,
      pricePerSeatDifferenceCents: 2_000,
    });
  });

  it.each<UsageCase>([
    {
      name: 'starter at 8 of 10 seats using starter features',
      owned: core('starter', 8, 20_000),
      activeUsers: 8,
      featureUsers: basicUse,
    },
    {
      name: 'a feature used by nobody in 30 days',
      owned: core('starter', 5, 12_500),
      activeUsers: 5,
      featureUsers: { ...basicUse, 'integration.sync': 0 },
    },
    { name: 'the top plan', owned: core('enterprise', 50, 350_000), activeUsers: 50, featureUsers: { 'audit.log': 9 } },
    { name: 'an unknown plan', owned: core('legacy', 5, 12_500), activeUsers: 5, featureUsers: { 'audit.log': 1 } },
    {
      name: 'no seats and no price to infer from',
      owned: core(null, null, 0),
      activeUsers: 5,
      featureUsers: { 'audit.log': 1 },
    },
  ])('suggests nothing for $name', ({ owned, activeUsers, featureUsers }) => {
    expect(
      suggestPlanUpgrades(suggestionInput({ ownedProducts: [owned], activeUsers, featureUsers }), catalog, settings),
    ).toEqual([]);
  });

  it('checks each owned product', () => {
    const input = suggestionInput({
      ownedProducts: [
        core('professional', 20, 90_000),
        { productId: 'analytics', planId: 'standard', seats: 5, mrrCents: 7_500 },
      ],
      featureUsers: { 'analytics.forecast': 2 },
    });
    expect(
      suggestPlanUpgrades(input, catalog, settings).map((suggestion) => [
        suggestion.productId,
        suggestion.toPlanId,
        suggestion.estimatedMrrCents,
      ]),
    ).toEqual([['analytics', 'advanced', 1_000 * 5]]);
  });
});
