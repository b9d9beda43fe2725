import { entryPlan, findProduct } from '../catalog/catalog-queries';
import type { CatalogSettings } from '../catalog/catalog-settings';
import { divideRoundHalfUp } from '../catalog/pricing';
import { addDays } from '../time/calendar-date';
import { roundToTenth } from '../health/component-result';
import { resolveOwnedPlan } from './owned-plan';
import type { SeatExpansionSuggestion } from './suggestion';
import type { SuggestionInput } from './suggestion-inputs';
import type { SuggestionSettings } from './suggestion-settings';

/**
 * The price the customer pays per seat today (contract MRR over its seats); the catalog
 * price of its plan when the contract has no seat count.
 */
function currentPricePerSeatCents(input: SuggestionInput, catalog: CatalogSettings, productId: string): number | null {
  const owned = input.ownedProducts.find((candidate) => candidate.productId === productId);
  if (owned !== undefined && owned.seats !== null) return divideRoundHalfUp(owned.mrrCents, owned.seats);
  const product = findProduct(catalog, productId);
  if (product === null) return null;
  const plan = owned === undefined ? null : resolveOwnedPlan(product, owned);
  return (plan ?? entryPlan(product)).pricePerSeatCents;
}

/** Every day of the window must be known and at or above the threshold. */
export function suggestSeatExpansion(
  input: SuggestionInput,
  catalog: CatalogSettings,
  settings: SuggestionSettings,
): SeatExpansionSuggestion | null {
  const rule = settings.seatExpansion;
  const windowStart = addDays(input.asOf, -(rule.sustainedDays - 1));
  const utilizations: number[] = [];
  for (let offset = 0; offset < rule.sustainedDays; offset += 1) {
    const day = input.seatHistory.find((entry) => entry.date === addDays(windowStart, offset));
    if (day === undefined || day.seats === null) return null;
    const utilization = (day.activeUsers * 100) / day.seats;
    if (utilization < rule.minUtilizationPercent) return null;
    utilizations.push(utilization);
  }
  const today = input.seatHistory.find((entry) => entry.date === input.asOf);
  if (today === undefined || today.seats === null) return null;
  const neededSeats = Math.ceil((today.activeUsers * 100) / rule.targetUtilizationPercent);
  const suggestedSeats = Math.max(rule.minimumSeats, neededSeats - today.seats);
  const pricePerSeatCents = currentPricePerSeatCents(input, catalog, rule.productId);
  if (pricePerSeatCents === null) return null;
  return {
    kind: 'seat_expansion',
    productId: rule.productId,
    estimatedMrrCents: suggestedSeats * pricePerSeatCents,
    suggestedSeats,
    evidence: {
      windowStart,
      windowDays: rule.sustainedDays,
      lowestUtilizationPercent: roundToTenth(Math.min(...utilizations)),
      currentUtilizationPercent: roundToTenth((today.activeUsers * 100) / today.seats),
      activeUsers: today.activeUsers,
      seats: today.seats,
      targetUtilizationPercent: rule.targetUtilizationPercent,
      pricePerSeatCents,
    },
  };
}
