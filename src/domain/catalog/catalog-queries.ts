import type { CatalogSettings, FeatureKey, Plan, Product } from './catalog-settings';
import { inWords } from '../text/in-words';

export function findProduct(catalog: CatalogSettings, productId: string): Product | null {
  return catalog.products.find((product) => product.id === productId) ?? null;
}

export function findPlan(product: Product, planId: string): Plan | null {
  return product.plans.find((plan) => plan.id === planId) ?? null;
}

/** Plans above `planId` in the product's order, lowest first. */
export function higherPlans(product: Product, planId: string): Plan[] {
  const index = product.plans.findIndex((plan) => plan.id === planId);
  return index < 0 ? [] : product.plans.slice(index + 1);
}

export function entryPlan(product: Product): Plan {
  const [first] = product.plans;
  if (first === undefined) throw new RangeError(`Product ${product.id} has no plans`);
  return first;
}

export function productFeatures(product: Product): Set<FeatureKey> {
  return new Set(product.plans.flatMap((plan) => plan.features));
}

/** Core features: those of the core product, limited to one plan when given. */
export function coreFeatureKeys(catalog: CatalogSettings, planId?: string): FeatureKey[] {
  const core = findProduct(catalog, catalog.coreProductId);
  if (core === null) return [];
  if (planId === undefined) return [...productFeatures(core)];
  return findPlan(core, planId)?.features ?? [];
}

/**
 * Deals carry a product line but no plan, so the plan is read from the price paid: the plan
 * whose list price times seats is nearest the contract MRR (the lower plan on a tie).
 */
export function inferPlan(product: Product, mrrCents: number, seats: number): Plan {
  return product.plans.reduce((best, plan) =>
    Math.abs(plan.pricePerSeatCents * seats - mrrCents) < Math.abs(best.pricePerSeatCents * seats - mrrCents)
      ? plan
      : best,
  );
}

/** The catalog's display name of a feature; without one, its key in words ('audit.log' -> 'Audit log'). */
export function featureName(catalog: Pick<CatalogSettings, 'featureNames'>, feature: FeatureKey): string {
  const named = catalog.featureNames[feature];
  if (named !== undefined) return named;
  return inWords(feature);
}
