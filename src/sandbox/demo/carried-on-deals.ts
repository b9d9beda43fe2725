import type { SandboxStore } from '../store';
import type { DealPlan } from './deal-plan';
import { carriedOnCloseInstant, carriedOnDealProperties } from './deal-records';
import { stageIds } from './pipelines';

const closedStages: ReadonlySet<string> = new Set(
  Object.values(stageIds).flatMap((stages) => [stages.won, stages.lost]),
);
// A deal's primary company (HubSpot's deal-to-company type 5).
const primaryCompanyTypeId = 5;

export type CarriedOnDealsRecorded = { readonly created: number; readonly closed: number };

/**
 * Records in the sandbox the deals the demo's companies closed from `from` up to `until` (excluded), as their reps
 * would: a renewal or a lost renewal closes the company's open renewal deal for that product (the demo's own, or
 * one the service created), a prospect's won or lost opportunity closes its open deal, other deals are created.
 * Each change is announced, as HubSpot's webhooks would.
 */
export function recordCarriedOnDeals(
  store: SandboxStore,
  plans: readonly DealPlan[],
  from: string,
  until: string,
): CarriedOnDealsRecorded {
  let created = 0;
  let closed = 0;
  for (const [index, plan] of plans.entries()) {
    const companyId = plan.companyIds[0];
    if (plan.closeDate < from || plan.closeDate >= until || companyId === undefined) continue;
    if (!store.objects.isLive('companies', companyId)) continue;
    const properties = carriedOnDealProperties(plan);
    const open = openDealClosedBy(store, companyId, plan);
    if (open) {
      store.objects.update('deals', open, properties);
      closed += 1;
    } else {
      const deal = store.objects.create('deals', properties);
      store.associations.add('deals', deal.id, companyId, primaryCompanyTypeId);
      created += 1;
    }
    // A new customer's record says so, as its rep would set it.
    if (plan.kind === 'new' && plan.outcome === 'won')
      store.objects.update('companies', companyId, { lifecyclestage: 'customer' });
    // A customer lost is lost for every product line; a term renewed leaves no renewal of it open (a line dropped,
    // or a second renewal deal of the same term): those close lost, once the term's last plan is recorded.
    const next = plans[index + 1];
    const termSettled =
      (plan.kind === 'renewal' || plan.kind === 'downgrade') &&
      (next === undefined || next.companyIds[0] !== companyId || next.closeDate !== plan.closeDate);
    if (termSettled) closed += closeOpenRenewalsLost(store, companyId, plan);
  }
  return { created, closed };
}

/** Closes lost the company's open renewal deals expected to close by the start of the term `plan` renews. */
function closeOpenRenewalsLost(store: SandboxStore, companyId: string, plan: DealPlan): number {
  const open = openDealsOf(store, companyId).filter(
    (deal) =>
      deal.properties.cs_deal_kind === 'renewal' && (deal.properties.closedate ?? '').slice(0, 10) <= plan.startDate,
  );
  for (const deal of open) {
    const pipeline = Object.values(stageIds).find((stages) => stages.pipeline === deal.properties.pipeline);
    store.objects.update('deals', deal.id, {
      dealstage: pipeline?.lost ?? stageIds.sales.lost,
      closedate: carriedOnCloseInstant(plan),
    });
  }
  return open.length;
}

type StoredDeal = { readonly id: string; readonly properties: Record<string, string | null> };

/** Whether `deal` is the one a rep closes with `plan`: a renewal of its product, or the opportunity won or lost. */
function isClosedBy(deal: StoredDeal, plan: DealPlan): boolean {
  const { properties } = deal;
  switch (plan.kind) {
    case 'renewal':
    case 'downgrade':
      // A renewal deal without a product (the service's) counts as core's.
      return properties.cs_deal_kind === 'renewal' && (properties.cs_product ?? 'core') === plan.product;
    case 'new':
      return properties.cs_deal_kind === 'new' || properties.dealtype === 'newbusiness';
    case 'upsell':
    case 'cross_sell':
      return false;
  }
}

/** The company's oldest open deal that `plan` closes; null when the rep records a deal of its own. */
function openDealClosedBy(store: SandboxStore, companyId: string, plan: DealPlan): string | null {
  return openDealsOf(store, companyId).find((deal) => isClosedBy(deal, plan))?.id ?? null;
}

/** The company's deals not closed, oldest first. */
function openDealsOf(store: SandboxStore, companyId: string): StoredDeal[] {
  return store.associations
    .targets('companies', companyId, 'deals', (id) => store.objects.isLive('deals', id))
    .flatMap(({ toId }) => store.objects.get('deals', toId) ?? [])
    .filter((deal) => !closedStages.has(deal.properties.dealstage ?? ''));
}
