import type { SandboxStore } from '../store';
import type { DealPlan } from './deal-plan';
import { carriedOnDealProperties } from './deal-records';
import { stageIds } from './pipelines';

const closedStages: ReadonlySet<string> = new Set(
  Object.values(stageIds).flatMap((stages) => [stages.won, stages.lost]),
);
// A deal's primary company (HubSpot's deal-to-company type 5).
const primaryCompanyTypeId = 5;

export type CarriedOnDealsRecorded = { readonly created: number; readonly closed: number };

/**
 * Records in the sandbox the deals the demo's customers closed from `from` up to `until` (excluded), as their reps
 * would: a renewal or a lost renewal closes the company's open renewal deal for that product (the demo's own, or
 * one the service created), other deals are created. Each change is announced, as HubSpot's webhooks would.
 */
export function recordCarriedOnDeals(
  store: SandboxStore,
  plans: readonly DealPlan[],
  from: string,
  until: string,
): CarriedOnDealsRecorded {
  let created = 0;
  let closed = 0;
  for (const plan of plans) {
    const companyId = plan.companyIds[0];
    if (plan.closeDate < from || plan.closeDate >= until || companyId === undefined) continue;
    if (!store.objects.isLive('companies', companyId)) continue;
    const properties = carriedOnDealProperties(plan);
    const open = plan.kind === 'renewal' || plan.kind === 'downgrade' ? openRenewalDeal(store, companyId, plan) : null;
    if (open) {
      store.objects.update('deals', open, properties);
      closed += 1;
      continue;
    }
    const deal = store.objects.create('deals', properties);
    store.associations.add('deals', deal.id, companyId, primaryCompanyTypeId);
    created += 1;
  }
  return { created, closed };
}

/** The company's oldest open renewal deal for the plan's product (one without a product counts as core's). */
function openRenewalDeal(store: SandboxStore, companyId: string, plan: DealPlan): string | null {
  const deals = store.associations
    .targets('companies', companyId, 'deals', (id) => store.objects.isLive('deals', id))
    .flatMap(({ toId }) => store.objects.get('deals', toId) ?? []);
  const open = deals.find(
    ({ properties }) =>
      properties.cs_deal_kind === 'renewal' &&
      !closedStages.has(properties.dealstage ?? '') &&
      (properties.cs_product ?? 'core') === plan.product,
  );
  return open?.id ?? null;
}
