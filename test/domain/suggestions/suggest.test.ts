import { describe, expect, it } from 'vitest';
import { catalogSettingsSchema } from '../../../src/domain/catalog';
import {
  suggestExpansions,
  suggestionResultSchema,
  suggestionSettingsSchema,
  type Dismissal,
} from '../../../src/domain/suggestions';
import { addDays } from '../../../src/domain/time/calendar-date';
import { analyticsPeers, suggestionInput } from './fixtures';

const catalog = catalogSettingsSchema.parse({});
const settings = suggestionSettingsSchema.parse({});
// Seat expansion (13,500), a professional-to-enterprise upgrade (50,000) and an analytics cross-sell (15,000).
const everything = suggestionInput({
  peers: analyticsPeers,
  featureUsers: { 'dashboard.view': 18, 'report.create': 10, 'export.csv': 5, 'audit.log': 2 },
});
const kindsOf = (result: ReturnType<typeof suggestExpansions>) =>
  result.suggestions.map((suggestion) => [suggestion.kind, suggestion.productId, suggestion.estimatedMrrCents]);

describe('suggestion settings', () => {
  it('defaults to the documented rules', () => {
    expect(settings).toMatchObject({
      seatExpansion: { productId: 'core', minUtilizationPercent: 90, sustainedDays: 14, targetUtilizationPercent: 80 },
      dismissalDays: 90,
    });
  });
});

describe('suggestExpansions', () => {
  it('returns every kind, largest estimated MRR first', () => {
    const result = suggestExpansions(everything, catalog, settings);
    expect(suggestionResultSchema.parse(result)).toEqual(result);
    expect(result.suppressed).toBeNull();
    expect(kindsOf(result)).toEqual([
      ['plan_upgrade', 'core', 50_000],
      ['cross_sell', 'analytics', 15_000],
      ['seat_expansion', 'core', 13_500],
    ]);
  });

  it.each([
    { name: 'health is red', overrides: { healthBand: 'red' }, suppressed: 'health_red', count: 0 },
    {
      name: 'onboarding is open',
      overrides: { onboardingComplete: false },
      suppressed: 'onboarding_incomplete',
      count: 0,
    },
    {
      name: 'red and onboarding open',
      overrides: { healthBand: 'red', onboardingComplete: false },
      suppressed: 'health_red',
      count: 0,
    },
    { name: 'health is yellow', overrides: { healthBand: 'yellow' }, suppressed: null, count: 3 },
    { name: 'health is not scored yet', overrides: { healthBand: null }, suppressed: null, count: 3 },
  ] as const)('when $name: suppressed $suppressed', ({ overrides, suppressed, count }) => {
    const result = suggestExpansions({ ...everything, ...overrides }, catalog, settings);
    expect(result.suppressed).toBe(suppressed);
    expect(result.suggestions).toHaveLength(count);
  });

  const dismissal = (kind: Dismissal['kind'], daysAgo: number, productId?: string): Dismissal => ({
    kind,
    dismissedOn: addDays('2024-06-30', -daysAgo),
    ...(productId === undefined ? {} : { productId }),
  });
  it.each([
    { name: 'dismissed today', dismissals: [dismissal('seat_expansion', 0)], hidden: ['seat_expansion'] },
    { name: 'dismissed 89 days ago', dismissals: [dismissal('seat_expansion', 89)], hidden: ['seat_expansion'] },
    { name: 'dismissal expired after 90 days', dismissals: [dismissal('seat_expansion', 90)], hidden: [] },
    {
      name: 'dismissed for this product',
      dismissals: [dismissal('cross_sell', 10, 'analytics')],
      hidden: ['cross_sell'],
    },
    { name: 'dismissed for another product', dismissals: [dismissal('cross_sell', 10, 'automation')], hidden: [] },
    { name: 'kind dismissed for every product', dismissals: [dismissal('plan_upgrade', 10)], hidden: ['plan_upgrade'] },
    {
      name: 'an old and a recent dismissal',
      dismissals: [dismissal('seat_expansion', 200), dismissal('seat_expansion', 5)],
      hidden: ['seat_expansion'],
    },
  ])('$name', ({ dismissals, hidden }) => {
    const result = suggestExpansions({ ...everything, dismissals }, catalog, settings);
    expect(result.hidden.map((entry) => entry.kind)).toEqual(hidden);
    expect(result.suggestions.map((suggestion) => suggestion.kind).filter((kind) => hidden.includes(kind))).toEqual([]);
    expect(result.suggestions).toHaveLength(3 - hidden.length);
  });

  it('says until when a dismissed suggestion stays hidden, from the latest dismissal', () => {
    const result = suggestExpansions(
      { ...everything, dismissals: [dismissal('seat_expansion', 60), dismissal('seat_expansion', 5)] },
      catalog,
      settings,
    );
    expect(result.hidden).toEqual([
      { kind: 'seat_expansion', productId: 'core', hiddenUntil: addDays('2024-06-25', 90) },
    ]);
  });

  it('follows a configured dismissal period', () => {
    const short = suggestionSettingsSchema.parse({ dismissalDays: 7 });
    expect(
      suggestExpansions({ ...everything, dismissals: [dismissal('seat_expansion', 7)] }, catalog, short).hidden,
    ).toEqual([]);
    expect(
      suggestExpansions({ ...everything, dismissals: [dismissal('seat_expansion', 6)] }, catalog, short).hidden,
    ).toHaveLength(1);
  });
});
