import type { HealthInputRow } from '../../db/repositories/customer-success-inputs-repository';
import { coreFeatureKeys, findProduct, inferPlan } from '../../domain/catalog/catalog-queries';
import type { HealthInput } from '../../domain/health/health-inputs';
import type { OnboardingRecord } from '../../domain/lifecycle/onboarding';
import type { OwnedProduct } from '../../domain/suggestions/suggestion-inputs';
import type { CustomerSuccessSettings } from './customer-success-settings';

/** The core plan's features, the plan read from the price paid; every core feature when the plan is unknown. */
export function coreFeaturesFor(
  row: Pick<HealthInputRow, 'ownedProducts'>,
  settings: CustomerSuccessSettings,
): string[] {
  const { catalog } = settings;
  const product = findProduct(catalog, catalog.coreProductId);
  const owned = row.ownedProducts.find((candidate) => candidate.product === catalog.coreProductId);
  if (product === null || owned === undefined || owned.seats === null || owned.seats <= 0)
    return coreFeatureKeys(catalog);
  return inferPlan(product, owned.mrrMinor, owned.seats).features;
}

export function coreFeaturesUsed(row: Pick<HealthInputRow, 'featureUsers'>, coreFeatures: readonly string[]): number {
  return coreFeatures.filter((feature) => (row.featureUsers[feature] ?? 0) > 0).length;
}

export function seatUtilizationPercent(row: Pick<HealthInputRow, 'activeUsers' | 'seats'>): number | null {
  return row.seats === null || row.seats <= 0 ? null : (row.activeUsers * 100) / row.seats;
}

export function onboardingRecordOf(row: HealthInputRow): OnboardingRecord | null {
  if (row.onboarding === null) return null;
  return { handoffDate: row.onboarding.handoffDate, milestones: row.onboarding.milestones };
}

export function ownedProductsOf(row: HealthInputRow): OwnedProduct[] {
  return row.ownedProducts
    .filter((owned) => owned.mrrMinor > 0)
    .map((owned) => ({
      productId: owned.product,
      planId: null,
      seats: owned.seats !== null && owned.seats > 0 ? owned.seats : null,
      mrrCents: owned.mrrMinor,
    }));
}

/**
 * The domain's health input from one company's row. Without any usage in the portal (no ingestion
 * yet) the usage components are left out rather than scored as zero activity.
 */
export function healthInputOf(
  row: HealthInputRow,
  asOf: string,
  portalHasUsage: boolean,
  milestoneCounts: { done: number; onTrack: number; behind: number } | null,
  settings: CustomerSuccessSettings,
): HealthInput {
  const coreFeatures = coreFeaturesFor(row, settings);
  const seats = row.seats !== null && row.seats > 0 ? row.seats : null;
  return {
    asOf,
    usage: portalHasUsage
      ? { activeUsers: row.activeUsers, previousActiveUsers: row.previousActiveUsers, seats }
      : null,
    engagement: portalHasUsage
      ? {
          minutesPerActiveUser: row.minutesPerActiveUser,
          baselineMinutesPerActiveUser: row.baselineMinutesPerActiveUser,
        }
      : null,
    breadth: portalHasUsage
      ? { coreFeaturesUsed: coreFeaturesUsed(row, coreFeatures), coreFeaturesAvailable: coreFeatures.length }
      : null,
    onboarding: milestoneCounts,
    sentiment:
      row.latestNps === null && row.latestCsat === null
        ? null
        : { latestNps: row.latestNps, latestCsat: row.latestCsat },
    commercial: {
      daysToRenewal: row.daysToRenewal,
      mrrCents90DaysAgo: row.mrrMinor90DaysAgo,
      contractionCentsLast90Days: Math.max(0, row.mrrMinor90DaysAgo - row.mrrMinor),
    },
  };
}
