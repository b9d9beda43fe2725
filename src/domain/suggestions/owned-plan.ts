import { findPlan, inferPlan } from '../catalog/catalog-queries';
import type { Plan, Product } from '../catalog/catalog-settings';
import type { OwnedProduct } from './suggestion-inputs';

/** The plan the company is on: as recorded, else inferred from price and seats, else unknown. */
export function resolveOwnedPlan(product: Product, owned: OwnedProduct): Plan | null {
  if (owned.planId !== null) return findPlan(product, owned.planId);
  if (owned.seats !== null && owned.mrrCents > 0) return inferPlan(product, owned.mrrCents, owned.seats);
  return null;
}
