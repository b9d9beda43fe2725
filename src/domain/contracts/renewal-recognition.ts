import { z } from 'zod';
import { daysBetween } from '../time/calendar-date';
import type { Contract, DealInput, DealToContractOptions, DealToContractResult } from './contract-schema';
import { dealToContract } from './deal-to-contract';
import { propertyValue } from './deal-properties';

/**
 * How a deal whose only kind is HubSpot's "Existing business" counts (domain §1.1 makes it an upsell). Many portals
 * record their renewals so; `recognizeRenewals` counts such a deal as the renewal of the company's contract for the
 * same product that ends within `withinDays` of its start, its term starting the day that contract ends.
 */
export const existingBusinessDealsSchema = z.object({
  recognizeRenewals: z.boolean().default(false),
  withinDays: z.number().int().min(0).max(366).default(60),
});

export type ExistingBusinessDeals = z.infer<typeof existingBusinessDealsSchema>;

/** The deal's kind comes from HubSpot's deal type "Existing business" alone: no `cs_deal_kind` says what it is. */
export function kindFromExistingBusinessAlone(deal: DealInput): boolean {
  return (
    propertyValue(deal.properties, 'cs_deal_kind') === null &&
    propertyValue(deal.properties, 'dealtype')?.toLowerCase() === 'existingbusiness'
  );
}

interface PlainContract {
  readonly deal: DealInput;
  readonly contract: Contract;
}

function byStart(left: Contract, right: Contract): number {
  return left.startDate.localeCompare(right.startDate) || left.dealId.localeCompare(right.dealId);
}

/** The contract `contract` renews: the nearest end of one not yet renewed, within the window of its start. */
function renewedContract(
  contract: Contract,
  earlier: readonly Contract[],
  renewed: ReadonlySet<string>,
  withinDays: number,
): Contract | undefined {
  const distance = (candidate: Contract) => Math.abs(daysBetween(candidate.endDate, contract.startDate));
  return earlier
    .filter((candidate) => !renewed.has(candidate.dealId) && distance(candidate) <= withinDays)
    .sort((left, right) => distance(left) - distance(right) || byStart(left, right))[0];
}

/**
 * The deals' contracts (domain §1.1), with "Existing business" deals recognized as renewals when `rule` says so.
 * Pass every contract deal of the companies concerned: a renewal is found among the same company's contracts of the
 * same product, oldest first, so a chain of early-closed renewals follows on year after year.
 */
export function contractsOfDeals(
  deals: readonly DealInput[],
  options: DealToContractOptions,
  rule: ExistingBusinessDeals,
): DealToContractResult[] {
  const results = new Map(deals.map((deal) => [deal.id, dealToContract(deal, options)]));
  if (!rule.recognizeRenewals) return deals.map((deal) => results.get(deal.id) ?? dealToContract(deal, options));
  const groups = new Map<string, PlainContract[]>();
  for (const deal of deals) {
    const result = results.get(deal.id);
    if (!result?.isContract) continue;
    const key = JSON.stringify([result.contract.companyId, result.contract.product]);
    groups.set(key, [...(groups.get(key) ?? []), { deal, contract: result.contract }]);
  }
  for (const group of groups.values()) {
    const settled: Contract[] = [];
    const renewed = new Set<string>();
    const ordered = group.sort((left, right) => byStart(left.contract, right.contract));
    for (const [index, { deal, contract }] of ordered.entries()) {
      const nearest = kindFromExistingBusinessAlone(deal)
        ? renewedContract(contract, settled, renewed, rule.withinDays)
        : undefined;
      // An add-on bought shortly before the term ends leaves the renewal to the deal that starts nearer that end.
      const nearer = ordered
        .slice(index + 1)
        .some(
          (later) =>
            nearest !== undefined &&
            kindFromExistingBusinessAlone(later.deal) &&
            Math.abs(daysBetween(nearest.endDate, later.contract.startDate)) <
              Math.abs(daysBetween(nearest.endDate, contract.startDate)),
        );
      const previous = nearer ? undefined : nearest;
      const renewal = previous === undefined ? undefined : asRenewalOf(deal, previous, options);
      if (previous !== undefined && renewal?.isContract) {
        results.set(deal.id, renewal);
        renewed.add(previous.dealId);
        settled.push(renewal.contract);
      } else settled.push(contract);
    }
  }
  return deals.map((deal) => results.get(deal.id) ?? dealToContract(deal, options));
}

/** The deal derived as the renewal of `previous`: its term starts as that one ends, unless the deal sets its start. */
function asRenewalOf(deal: DealInput, previous: Contract, options: DealToContractOptions): DealToContractResult {
  const startSet = propertyValue(deal.properties, 'cs_contract_start') !== null;
  const properties = {
    ...deal.properties,
    cs_deal_kind: 'renewal',
    ...(startSet ? {} : { cs_contract_start: previous.endDate }),
  };
  return dealToContract({ ...deal, properties }, options);
}
