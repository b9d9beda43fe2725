import { daysBetween } from '../time/calendar-date';
import type { Contract, DealInput, DealToContractOptions, DealToContractResult } from './contract-schema';
import { dealToContract } from './deal-to-contract';
import { propertyValue } from './deal-properties';

/**
 * An upsell or cross-sell whose deal states neither `cs_contract_end` nor `cs_term_months`: by domain §1.1 its term
 * is its own 12 months (the default term) from its start, whatever the term it was bought into.
 */
export function addOnWithOwnTerm(deal: DealInput, contract: Contract): boolean {
  return (
    (contract.kind === 'upsell' || contract.kind === 'cross_sell') &&
    propertyValue(deal.properties, 'cs_contract_end') === null &&
    propertyValue(deal.properties, 'cs_term_months') === null
  );
}

function runsOn(contract: Contract, day: string): boolean {
  return contract.startDate <= day && day < contract.endDate;
}

/**
 * The term an add-on was bought into: of the company's other contracts running on its start (not add-ons with a
 * term of their own), the one of the same product, else the largest; the later end, then the deal id, settle a tie.
 */
function termBoughtInto(addOn: Contract, terms: readonly Contract[]): Contract | undefined {
  const running = terms.filter((term) => term.dealId !== addOn.dealId && runsOn(term, addOn.startDate));
  const sameProduct = running.filter((term) => term.product === addOn.product);
  return (sameProduct.length > 0 ? sameProduct : running).sort(
    (left, right) =>
      right.mrrMinor - left.mrrMinor ||
      right.endDate.localeCompare(left.endDate) ||
      left.dealId.localeCompare(right.dealId),
  )[0];
}

/** Deals that may be renewals recorded as upsells, and how near the end of a term such a renewal starts. */
export interface RenewalLookAlike {
  readonly mayRenew: (deal: DealInput) => boolean;
  readonly withinDays: number;
}

// An upsell by its deal type alone that starts near the end of a term of its product looks like that term's renewal
// (while renewals.followOn does not say which deals are): the note on renewals names it, and this rule leaves it be.
function looksLikeRenewal(deal: DealInput, addOn: Contract, terms: readonly Contract[], renewal: RenewalLookAlike) {
  return (
    renewal.mayRenew(deal) &&
    terms.some(
      (term) =>
        term.product === addOn.product &&
        runsOn(term, addOn.startDate) &&
        daysBetween(addOn.startDate, term.endDate) <= renewal.withinDays,
    )
  );
}

/**
 * Within one company: each add-on with a term of its own that was bought into a running term, ending with that term
 * instead (co-termed, as most subscriptions bill an add-on), so its MRR renews with the term rather than running
 * beside the renewal or stopping before it. Returns the contracts it changes, by deal id.
 */
export function coTermAddOns(
  company: readonly { readonly deal: DealInput; readonly contract: Contract }[],
  options: DealToContractOptions,
  renewal: RenewalLookAlike,
): Map<string, DealToContractResult> {
  const terms = company
    .filter(({ deal, contract }) => !addOnWithOwnTerm(deal, contract))
    .map(({ contract }) => contract);
  const coTermed = new Map<string, DealToContractResult>();
  for (const { deal, contract } of company) {
    if (!addOnWithOwnTerm(deal, contract) || looksLikeRenewal(deal, contract, terms, renewal)) continue;
    const term = termBoughtInto(contract, terms);
    if (term === undefined || term.endDate === contract.endDate) continue;
    coTermed.set(
      deal.id,
      dealToContract({ ...deal, properties: { ...deal.properties, cs_contract_end: term.endDate } }, options),
    );
  }
  return coTermed;
}
