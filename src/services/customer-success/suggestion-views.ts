import { featureName, findPlan, findProduct } from '../../domain/catalog/catalog-queries';
import type { CatalogSettings } from '../../domain/catalog/catalog-settings';
import type { Suggestion } from '../../domain/suggestions/suggestion';
import { moneyText } from '../wording/labels';
import type { EvidenceItem, SuggestionView } from './company-success-schema';

function productName(catalog: CatalogSettings, productId: string): string {
  return findProduct(catalog, productId)?.name ?? productId;
}

function planName(catalog: CatalogSettings, productId: string, planId: string): string {
  const product = findProduct(catalog, productId);
  return (product === null ? null : findPlan(product, planId)?.name) ?? planId;
}

function describe(
  suggestion: Suggestion,
  catalog: CatalogSettings,
  currency: string,
): { title: string; evidence: EvidenceItem[] } {
  // The catalog's prices are in the portal's currency, in its minor units.
  const money = (minor: number) => moneyText(minor, currency);
  const feature = (key: string) => featureName(catalog, key);
  switch (suggestion.kind) {
    case 'seat_expansion': {
      const { evidence } = suggestion;
      return {
        title: `Add ${suggestion.suggestedSeats} ${productName(catalog, suggestion.productId)} seats`,
        evidence: [
          {
            label: 'Seat utilization',
            value: `${evidence.currentUtilizationPercent}% (${evidence.activeUsers} of ${evidence.seats} seats)`,
          },
          { label: `Lowest in the last ${evidence.windowDays} days`, value: `${evidence.lowestUtilizationPercent}%` },
          { label: 'Price per seat per month', value: money(evidence.pricePerSeatCents) },
        ],
      };
    }
    case 'plan_upgrade': {
      const { evidence } = suggestion;
      return {
        title: `Upgrade to ${planName(catalog, suggestion.productId, suggestion.toPlanId)}`,
        evidence: [
          ...evidence.higherPlanFeaturesUsed.map((used) => ({
            label: `Uses ${feature(used.feature)}`,
            value: `${used.users} ${used.users === 1 ? 'user' : 'users'}`,
          })),
          ...(evidence.seatLimitUsePercent === null
            ? []
            : [{ label: 'Plan seat limit used', value: `${evidence.seatLimitUsePercent}%` }]),
          { label: 'Price difference per seat per month', value: money(evidence.pricePerSeatDifferenceCents) },
        ],
      };
    }
    case 'cross_sell': {
      const { evidence } = suggestion;
      return {
        title: `Offer ${productName(catalog, suggestion.productId)}`,
        evidence: [
          ...evidence.signatureFeatures.map((signature) => ({
            label: `${feature(signature.feature)}: used by owners / by others`,
            value: `${signature.ownerSharePercent}% / ${signature.nonOwnerSharePercent}%`,
          })),
          { label: 'Matching features in use', value: evidence.matchedFeatures.map(feature).join(', ') },
          {
            label: 'Likely users',
            value: `${evidence.estimatedUsers} ${evidence.estimatedUsers === 1 ? 'user' : 'users'}`,
          },
          { label: 'Price per seat per month', value: money(evidence.pricePerSeatCents) },
        ],
      };
    }
  }
}

export function suggestionId(suggestion: Pick<Suggestion, 'kind' | 'productId'>): string {
  return `${suggestion.kind}:${suggestion.productId}`;
}

export function toSuggestionView(suggestion: Suggestion, catalog: CatalogSettings, currency: string): SuggestionView {
  return {
    id: suggestionId(suggestion),
    kind: suggestion.kind,
    product: suggestion.productId,
    ...describe(suggestion, catalog, currency),
    estimatedMrrMinor: suggestion.estimatedMrrCents,
  };
}
