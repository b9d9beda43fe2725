import { describe, expect, it } from 'vitest';
import { catalogSettingsSchema } from '../../../src/domain/catalog';
import { suggestSeatExpansion, suggestionSettingsSchema } from '../../../src/domain/suggestions';
import { seatDays, suggestionInput } from './fixtures';

const catalog = catalogSettingsSchema.parse({});
const settings = suggestionSettingsSchema.parse({});

describe('suggestSeatExpansion', () => {
  it('suggests enough seats to bring utilization to 80%, priced at the current price per seat', () => {
    expect(suggestSeatExpansion(suggestionInput(), catalog, settings)).toEqual({
      kind: 'seat_expansion',
      productId: 'core',
      estimatedMrrCents: 3 * 4_500,
      suggestedSeats: 3,
      evidence: {
        windowStart: '2024-06-17',
        windowDays: 14,
        lowestUtilizationPercent: 90,
        currentUtilizationPercent: 90,
        activeUsers: 18,
        seats: 20,
        targetUtilizationPercent: 80,
        pricePerSeatCents: 4_500,
      },
    });
  });

  const window = seatDays('2024-06-30', 14, 18, 20);
  it.each([
    {
      name: 'one day at 85%',
      history: [...window.slice(0, 5), { date: '2024-06-25', activeUsers: 17, seats: 20 }, ...window.slice(6)],
    },
    { name: 'a missing day', history: window.filter((day) => day.date !== '2024-06-20') },
    { name: 'only 13 days of data', history: window.slice(0, 13) },
    {
      name: 'a day without seats',
      history: [...window.slice(1), { date: '2024-06-30', activeUsers: 18, seats: null }],
    },
  ])('does not suggest with $name', ({ history }) => {
    expect(suggestSeatExpansion(suggestionInput({ seatHistory: history }), catalog, settings)).toBeNull();
  });

  it.each([
    { activeUsers: 20, seats: 20, suggestedSeats: 5 },
    { activeUsers: 100, seats: 100, suggestedSeats: 25 },
    { activeUsers: 9, seats: 10, suggestedSeats: 2 },
  ])('$activeUsers of $seats seats -> $suggestedSeats more', ({ activeUsers, seats, suggestedSeats }) => {
    const input = suggestionInput({
      seatHistory: seatDays('2024-06-30', 14, activeUsers, seats),
      ownedProducts: [{ productId: 'core', planId: 'professional', seats, mrrCents: seats * 4_500 }],
    });
    expect(suggestSeatExpansion(input, catalog, settings)?.suggestedSeats).toBe(suggestedSeats);
  });

  it.each([
    { mrrCents: 90_009, pricePerSeatCents: 4_500 },
    { mrrCents: 90_010, pricePerSeatCents: 4_501 },
  ])('rounds the price per seat half up from $mrrCents cents', ({ mrrCents, pricePerSeatCents }) => {
    const input = suggestionInput({ ownedProducts: [{ productId: 'core', planId: null, seats: 20, mrrCents }] });
    const suggestion = suggestSeatExpansion(input, catalog, settings);
    expect(suggestion?.evidence.pricePerSeatCents).toBe(pricePerSeatCents);
    expect(suggestion?.estimatedMrrCents).toBe(3 * pricePerSeatCents);
  });

  it('falls back to the catalog price of the plan when the contract has no seats', () => {
    const input = suggestionInput({
      ownedProducts: [{ productId: 'core', planId: 'starter', seats: null, mrrCents: 40_000 }],
    });
    expect(suggestSeatExpansion(input, catalog, settings)?.evidence.pricePerSeatCents).toBe(2_500);
  });

  it('follows configured thresholds', () => {
    const custom = suggestionSettingsSchema.parse({
      seatExpansion: { minUtilizationPercent: 80, sustainedDays: 7, targetUtilizationPercent: 60 },
    });
    const input = suggestionInput({ seatHistory: seatDays('2024-06-30', 7, 16, 20) });
    expect(suggestSeatExpansion(input, catalog, custom)).toMatchObject({
      suggestedSeats: 7,
      evidence: { windowDays: 7, windowStart: '2024-06-24' },
    });
    expect(suggestSeatExpansion(input, catalog, settings)).toBeNull();
  });
});
