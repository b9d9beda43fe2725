import { z } from 'zod';
import { daysBetween } from '../time/calendar-date';
import type { Contract, DealInput, DealToContractOptions, DealToContractResult } from './contract-schema';
import { coTermAddOns } from './co-termed-add-ons';
import { dealToContract } from './deal-to-contract';
import { parseDealKind, propertyValue } from './deal-properties';
import type { DealTypeKinds } from './deal-types';

/**
 * Renewals as many portals record them: as HubSpot's "Existing business" (domain §1.1: an upsell) and with no
 * `cs_contract_start`, closed weeks before the term they renew ends (their term then starts on the close date and
 * runs beside it). `followOn` makes such a deal continue the term it renews: a deal that starts within `withinDays`
 * of the end of the company's contract for the same product is its renewal and starts the day that contract ends.
 */
export const renewalRuleSchema = z.object({
  followOn: z.boolean().default(false),
  withinDays: z.number().int().min(0).max(366).default(60),
  /** Upsells and cross-sells with no end or term of their own end with the term they were bought into. */
  coTermAddOns: z.boolean().default(false),
});

export type RenewalRule = z.infer<typeof renewalRuleSchema>;

/** Whether the rule reads a deal's contract together with its company's other contracts (not the deal alone). */
export function readsCompanyContracts(rule: RenewalRule): boolean {
  return rule.followOn || rule.coTermAddOns;
}

/** How the portal reads deals that state no kind: its KPI settings `dealTypes` and `dealPipelines` (by pipeline id). */
export interface DealKindReadings {
  readonly dealTypes?: DealTypeKinds;
  readonly pipelineKinds?: DealTypeKinds;
}

function kindRead(deal: DealInput, readings: DealKindReadings) {
  return parseDealKind(deal.properties, readings.dealTypes, readings.pipelineKinds);
}

/**
 * The deal is an upsell by its HubSpot deal type ("Existing business") or pipeline alone, as domain §1.1 or the
 * portal's KPI settings read them: no `cs_deal_kind` says what it is.
 */
export function upsellWithoutStatedKind(deal: DealInput, readings: DealKindReadings = {}): boolean {
  const kind = kindRead(deal, readings);
  return propertyValue(deal.properties, 'cs_deal_kind') === null && kind.ok && kind.value === 'upsell';
}

/**
 * A deal stated to be a renewal (`cs_deal_kind`, or a deal type or pipeline the portal reads as one) whose term start
 * nobody set: it starts on its close date by domain §1.1.
 */
export function renewalWithoutStart(deal: DealInput, readings: DealKindReadings = {}): boolean {
  const kind = kindRead(deal, readings);
  return kind.ok && kind.value === 'renewal' && propertyValue(deal.properties, 'cs_contract_start') === null;
}

function mayFollowOn(deal: DealInput, readings: DealKindReadings): boolean {
  return upsellWithoutStatedKind(deal, readings) || renewalWithoutStart(deal, readings);
}

interface PlainContract {
  readonly deal: DealInput;
  readonly contract: Contract;
}

function byStart(left: Contract, right: Contract): number {
  return left.startDate.localeCompare(right.startDate) || left.dealId.localeCompare(right.dealId);
}

function distance(ended: Contract, start: string): number {
  return Math.abs(daysBetween(ended.endDate, start));
}

/** The contract `contract` renews: the nearest end of one not yet renewed, within the window of its start. */
function renewedContract(
  contract: Contract,
  earlier: readonly Contract[],
  renewed: ReadonlySet<string>,
  withinDays: number,
): Contract | undefined {
  return earlier
    .filter((candidate) => !renewed.has(candidate.dealId) && distance(candidate, contract.startDate) <= withinDays)
    .sort(
      (left, right) => distance(left, contract.startDate) - distance(right, contract.startDate) || byStart(left, right),
    )[0];
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

/** Within one company and product, oldest first: each deal that may follow on, as the renewal it is, if any. */
function followOn(group: PlainContract[], options: DealToContractOptions, rule: RenewalRule) {
  const renewals = new Map<string, DealToContractResult>();
  const settled: Contract[] = [];
  const renewed = new Set<string>();
  const ordered = group.sort((left, right) => byStart(left.contract, right.contract));
  for (const [index, { deal, contract }] of ordered.entries()) {
    const nearest = mayFollowOn(deal, options)
      ? renewedContract(contract, settled, renewed, rule.withinDays)
      : undefined;
    // An add-on bought shortly before the term ends leaves the renewal to the deal that starts nearer that end.
    const nearer = ordered
      .slice(index + 1)
      .some(
        (later) =>
          nearest !== undefined &&
          mayFollowOn(later.deal, options) &&
          distance(nearest, later.contract.startDate) < distance(nearest, contract.startDate),
      );
    const renewal = nearest === undefined || nearer ? undefined : asRenewalOf(deal, nearest, options);
    if (nearest !== undefined && renewal?.isContract) {
      renewals.set(deal.id, renewal);
      renewed.add(nearest.dealId);
      settled.push(renewal.contract);
    } else settled.push(contract);
  }
  return renewals;
}

/**
 * The deals' contracts (domain §1.1), with renewals following on the terms they renew and add-ons co-termed when `rule`
 * says so. Pass every contract deal of the companies concerned: a renewal is found among the same company's contracts
 * of the same product, oldest first, so a chain of early-closed renewals follows on year after year; an add-on's term
 * among the company's contracts as renewed.
 */
export function contractsOfDeals(
  deals: readonly DealInput[],
  options: DealToContractOptions,
  rule: RenewalRule,
): DealToContractResult[] {
  const results = new Map(deals.map((deal) => [deal.id, dealToContract(deal, options)]));
  const grouped = (key: (contract: Contract) => unknown[]) => {
    const groups = new Map<string, PlainContract[]>();
    for (const deal of deals) {
      const result = results.get(deal.id);
      if (!result?.isContract) continue;
      const name = JSON.stringify(key(result.contract));
      groups.set(name, [...(groups.get(name) ?? []), { deal, contract: result.contract }]);
    }
    return groups.values();
  };
  if (rule.followOn)
    for (const group of grouped((contract) => [contract.companyId, contract.product]))
      for (const [dealId, renewal] of followOn(group, options, rule)) results.set(dealId, renewal);
  // After the renewals: an add-on ends with the term as it is renewed.
  if (rule.coTermAddOns)
    for (const company of grouped((contract) => [contract.companyId]))
      for (const [dealId, coTermed] of coTermAddOns(company, options, {
        // With the renewals followed on, every other deal is what it is: only with them off may an upsell be one.
        mayRenew: (deal) => !rule.followOn && upsellWithoutStatedKind(deal, options),
        withinDays: rule.withinDays,
      }))
        results.set(dealId, coTermed);
  return deals.map((deal) => results.get(deal.id) ?? dealToContract(deal, options));
}
