import { findPlan, findProduct } from '../../domain/catalog/catalog-queries';
import type { CatalogSettings } from '../../domain/catalog/catalog-settings';
import type { Suggestion } from '../../domain/suggestions/suggestion';
import type { EvidenceItem, SuggestionView } from './company-success-schema';

const cents = (value: number) => `${(value / 100).toFixed(2)}`;

function productName(catalog: CatalogSettings, productId: string): string {
  return findProduct(catalog, productId)?.name ?? productId;
}

function planName(catalog: CatalogSettings, productId: string, planId: string): string {
  const product = findProduct(catalog, productId);
  return (product === null ? null : findPlan(product, planId)?.name) ?? planId;
}

function describe(suggestion: Suggestion, catalog: CatalogSettings): { title: string; evidence: EvidenceItem[] } {
  switch (suggestion.kind) {
    case 'seat_expansion': {
      const { evidence } = suggestion;
      return {
        title: `Add ${suggestion.suggestedSeats} ${productName(catalog, suggestion.productId)} seats`,
        evidence: [
          { label: 'Seat utilization', value: `${evidence.currentUtilizationPercent}% (${evidence.activeUsers} of ${evidence.seats} seats)` },
          { label: `Lowest in the last ${evidence.windowDays} days`, value: `${evidence.lowestUtilizationPercent}%` },
          { label: 'Price per seat', value: cents(evidence.pricePerSeatCents) },
        ],
      };
    }
    case 'plan_upgrade': {
      const { evidence } = suggestion;
      return {
        title: `Upgrade to ${planName(catalog, suggestion.productId, suggestion.toPlanId)}`,
        evidence: [
          ...evidence.higherPlanFeaturesUsed.map((used) => ({ label: `Uses ${used.feature}`, value: `${used.users} users` })),
          ...(evidence.seatLimitUsePercent === null ? [] : [{ label: 'Plan seat limit used', value: `${evidence.seatLimitUsePercent}%` }]),
          { label: 'Price difference per seat', value: cents(evidence.pricePerSeatDifferenceCents) },
        ],
      };
    }
    case 'cross_sell': {
      const { evidence } = suggestion;
      return {
        title: `Offer ${productName(catalog, suggestion.productId)}`,
        evidence: [
          ...evidence.signatureFeatures.map((feature) => ({
            label: `${feature.feature} used by owners / non-owners`,
            value: `${feature.ownerSharePercent}% / ${feature.nonOwnerSharePercent}%`,
          })),
          { label: 'Matching features in use', value: evidence.matchedFeatures.join(', ') },
          { label: 'Likely users', value: String(evidence.estimatedUsers) },
        ],
      };
    }
  }
}

export function suggestionId(suggestion: Pick<Suggestion, 'kind' | 'productId'>): string {
  return `${suggestion.kind}:${suggestion.productId}`;
}

export function toSuggestionView(suggestion: Suggestion, catalog: CatalogSettings): SuggestionView {
  return {
    id: suggestionId(suggestion),
    kind: suggestion.kind,
    product: suggestion.productId,
    ...describe(suggestion, catalog),
    estimatedMrrMinor: suggestion.estimatedMrrCents,
  };
}
