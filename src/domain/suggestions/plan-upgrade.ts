import { findProduct, higherPlans } from '../catalog/catalog-queries';
import type { CatalogSettings, Plan } from '../catalog/catalog-settings';
import { roundToTenth } from '../health/component-result';
import { resolveOwnedPlan } from './owned-plan';
import type { PlanUpgradeSuggestion } from './suggestion';
import type { OwnedProduct, SuggestionInput } from './suggestion-inputs';
import type { SuggestionSettings } from './suggestion-settings';

function usedFeatures(input: SuggestionInput): string[] {
  return Object.entries(input.featureUsers)
    .filter(([, users]) => users > 0)
    .map(([feature]) => feature);
}

/** The lowest higher plan covering the most of the features used; it must also raise a near seat limit. */
function pickTargetPlan(candidates: Plan[], current: Plan, features: string[], nearSeatLimit: boolean): Plan | null {
  const eligible = nearSeatLimit
    ? candidates.filter(
        (plan) =>
          plan.limits.seats === null || (current.limits.seats !== null && plan.limits.seats > current.limits.seats),
      )
    : candidates;
  let best: Plan | null = null;
  let bestCoverage = -1;
  for (const plan of eligible) {
    const coverage = features.filter((feature) => plan.features.includes(feature)).length;
    if (coverage > bestCoverage) {
      best = plan;
      bestCoverage = coverage;
    }
  }
  return best;
}

function suggestForProduct(
  owned: OwnedProduct,
  input: SuggestionInput,
  catalog: CatalogSettings,
  settings: SuggestionSettings,
): PlanUpgradeSuggestion | null {
  const product = findProduct(catalog, owned.productId);
  const current = product === null ? null : resolveOwnedPlan(product, owned);
  if (product === null || current === null) return null;
  const candidates = higherPlans(product, current.id);
  const higherFeatures = new Set(candidates.flatMap((plan) => plan.features));
  const featuresAbovePlan = usedFeatures(input).filter(
    (feature) => !current.features.includes(feature) && higherFeatures.has(feature),
  );
  const seats = owned.seats ?? input.activeUsers;
  const seatLimit = current.limits.seats;
  const seatLimitUsePercent = seatLimit === null ? null : (Math.max(seats, input.activeUsers) * 100) / seatLimit;
  const nearSeatLimit =
    seatLimitUsePercent !== null && seatLimitUsePercent >= settings.planUpgrade.nearSeatLimitPercent;
  if (featuresAbovePlan.length === 0 && !nearSeatLimit) return null;
  const target = pickTargetPlan(candidates, current, featuresAbovePlan, nearSeatLimit);
  if (target === null) return null;
  const pricePerSeatDifferenceCents = target.pricePerSeatCents - current.pricePerSeatCents;
  return {
    kind: 'plan_upgrade',
    productId: product.id,
    fromPlanId: current.id,
    toPlanId: target.id,
    estimatedMrrCents: Math.max(0, pricePerSeatDifferenceCents * seats),
    evidence: {
      reasons: [
        ...(featuresAbovePlan.length > 0 ? (['higher_plan_features_used'] as const) : []),
        ...(nearSeatLimit ? (['near_seat_limit'] as const) : []),
      ],
      higherPlanFeaturesUsed: featuresAbovePlan.map((feature) => ({
        feature,
        users: input.featureUsers[feature] ?? 0,
      })),
      seats,
      seatLimit,
      seatLimitUsePercent: seatLimitUsePercent === null ? null : roundToTenth(seatLimitUsePercent),
      pricePerSeatDifferenceCents,
    },
  };
}

/** Features of a higher plan in use (e.g. trials or gated attempts), or seats near the plan's limit. */
export function suggestPlanUpgrades(
  input: SuggestionInput,
  catalog: CatalogSettings,
  settings: SuggestionSettings,
): PlanUpgradeSuggestion[] {
  return input.ownedProducts.flatMap((owned) => {
    const suggestion = suggestForProduct(owned, input, catalog, settings);
    return suggestion === null ? [] : [suggestion];
  });
}
