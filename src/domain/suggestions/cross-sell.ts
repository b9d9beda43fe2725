import { entryPlan, productFeatures } from '../catalog/catalog-queries';
import type { CatalogSettings, Product } from '../catalog/catalog-settings';
import { roundToTenth } from '../health/component-result';
import type { CrossSellSuggestion } from './suggestion';
import type { PeerProfile, SuggestionInput } from './suggestion-inputs';
import type { SuggestionSettings } from './suggestion-settings';

type SignatureFeature = CrossSellSuggestion['evidence']['signatureFeatures'][number];

function sharePercent(peers: readonly PeerProfile[], feature: string): number {
  return peers.length === 0
    ? 0
    : (peers.filter((peer) => peer.featuresUsed.includes(feature)).length * 100) / peers.length;
}

/** See the cross-sell settings for the rule; the product's own features are excluded. */
export function signatureFeatures(
  product: Product,
  catalog: CatalogSettings,
  peers: readonly PeerProfile[],
  settings: SuggestionSettings,
): SignatureFeature[] {
  const rule = settings.crossSell;
  const owners = peers.filter((peer) => peer.ownedProductIds.includes(product.id));
  const nonOwners = peers.filter((peer) => !peer.ownedProductIds.includes(product.id));
  const ownFeatures = productFeatures(product);
  const candidates = new Set(
    catalog.products.flatMap((other) => [...productFeatures(other)]).filter((feature) => !ownFeatures.has(feature)),
  );
  return [...candidates]
    .map((feature) => ({
      feature,
      ownerSharePercent: sharePercent(owners, feature),
      nonOwnerSharePercent: sharePercent(nonOwners, feature),
    }))
    .filter(
      (entry) =>
        entry.ownerSharePercent > 0 &&
        entry.ownerSharePercent >= rule.minOwnerSharePercent &&
        entry.ownerSharePercent >= rule.minLift * entry.nonOwnerSharePercent,
    )
    .sort(
      (left, right) =>
        right.ownerSharePercent - left.ownerSharePercent ||
        left.nonOwnerSharePercent - right.nonOwnerSharePercent ||
        left.feature.localeCompare(right.feature),
    )
    .slice(0, rule.signatureSize)
    .map((entry) => ({
      ...entry,
      ownerSharePercent: roundToTenth(entry.ownerSharePercent),
      nonOwnerSharePercent: roundToTenth(entry.nonOwnerSharePercent),
    }));
}

// Signatures depend only on the peers, not on the company: a portal-wide run shares one peers array,
// so they are computed once per array (and product) instead of once per company.
type OwnerSignature = { owners: number; signature: SignatureFeature[] };
const signatureCache = new WeakMap<readonly PeerProfile[], WeakMap<CatalogSettings, Map<string, OwnerSignature>>>();

function ownerSignature(
  product: Product,
  catalog: CatalogSettings,
  peers: readonly PeerProfile[],
  settings: SuggestionSettings,
): OwnerSignature {
  const byCatalog = signatureCache.get(peers) ?? new WeakMap<CatalogSettings, Map<string, OwnerSignature>>();
  signatureCache.set(peers, byCatalog);
  const byProduct = byCatalog.get(catalog) ?? new Map<string, OwnerSignature>();
  byCatalog.set(catalog, byProduct);
  const key = `${product.id}:${JSON.stringify(settings.crossSell)}`;
  const cached = byProduct.get(key);
  if (cached !== undefined) return cached;
  const computed = {
    owners: peers.filter((peer) => peer.ownedProductIds.includes(product.id)).length,
    signature: signatureFeatures(product, catalog, peers, settings),
  };
  byProduct.set(key, computed);
  return computed;
}

function suggestProduct(
  product: Product,
  input: SuggestionInput,
  catalog: CatalogSettings,
  settings: SuggestionSettings,
): CrossSellSuggestion | null {
  const { owners, signature } = ownerSignature(product, catalog, input.peers, settings);
  if (owners < settings.crossSell.minOwners) return null;
  const matched = signature.map((entry) => entry.feature).filter((feature) => (input.featureUsers[feature] ?? 0) > 0);
  if (signature.length === 0 || matched.length < Math.min(settings.crossSell.minMatchedFeatures, signature.length))
    return null;
  // Users of the matched features are the likely seats; the largest single feature audience is a floor for their union.
  const estimatedUsers = Math.max(1, ...matched.map((feature) => input.featureUsers[feature] ?? 0));
  const plan = entryPlan(product);
  return {
    kind: 'cross_sell',
    productId: product.id,
    planId: plan.id,
    estimatedMrrCents: estimatedUsers * plan.pricePerSeatCents,
    evidence: {
      owners,
      nonOwners: input.peers.length - owners,
      signatureFeatures: signature,
      matchedFeatures: matched,
      estimatedUsers,
      pricePerSeatCents: plan.pricePerSeatCents,
    },
  };
}

/** Products related to one the company owns, not owned yet, whose owners' usage profile it matches. */
export function suggestCrossSells(
  input: SuggestionInput,
  catalog: CatalogSettings,
  settings: SuggestionSettings,
): CrossSellSuggestion[] {
  const owned = new Set(input.ownedProducts.map((product) => product.productId));
  const related = new Set(
    catalog.products.filter((product) => owned.has(product.id)).flatMap((product) => product.relatedProductIds),
  );
  return catalog.products
    .filter((product) => related.has(product.id) && !owned.has(product.id))
    .flatMap((product) => {
      const suggestion = suggestProduct(product, input, catalog, settings);
      return suggestion === null ? [] : [suggestion];
    });
}
