import type { Logger } from '../../config/logger';
import type { Database, Executor } from '../../db/client';
import {
  companiesWithContractsToDerive,
  countUnknownDealTypes,
  countUnreadPipelines,
  listContractDeals,
  type ReadAs,
} from '../../db/repositories/contract-deals-repository';
import { dealPipelines } from '../../db/repositories/pipelines-repository';
import { replaceContractsForDeals, type ContractRow } from '../../db/repositories/contracts-repository';
import { findRenewalCheck, recordRenewalCheck } from '../../db/repositories/renewal-checks-repository';
import { chunks } from '../../domain/collections/chunks';
import type { Contract, DealInput, DealKind, DealToContractResult } from '../../domain/contracts/contract-schema';
import { dealTypesReadAs, readDealTypes } from '../../domain/contracts/deal-types';
import {
  contractsOfDeals,
  readsCompanyContracts,
  upsellWithoutStatedKind,
  renewalWithoutStart,
  type DealKindReadings,
} from '../../domain/contracts/renewal-recognition';
import { loadContractSettings, type ContractSettings } from './contract-settings';

// Companies whose deals are read and derived at once: bounds memory on a portal of 100k companies.
const companiesPerPass = 2_000;

export interface RenewalRuleOutcome {
  /**
   * Over the whole portal (0 otherwise): "Existing business" deals (or of a type read as upsell) without
   * `cs_deal_kind` that follow on as renewals (or would, with the rule off).
   */
  readonly existingBusiness: number;
  /** Over the whole portal: renewals without `cs_contract_start` whose term follows on the one they renew (or would). */
  readonly withoutStart: number;
  /** Over the whole portal: add-ons bought into a term that end on another day than it, co-termed (or would be). */
  readonly addOnsOffTerm: number;
  /** Contracts stored differently than before. */
  readonly changed: number;
}

export interface RenewalRuleOptions {
  /** The companies whose deals changed; every company with deals the rule may change when left out. */
  readonly companyIds?: readonly string[];
  /**
   * Over the whole portal: deal types (lower case) and pipelines (ids) now read as another kind (KPI settings
   * `dealTypes`, `dealPipelines`), whose contracts change.
   */
  readonly changed?: ReadAs;
  /** The portal's, with its KPI setting `renewals` (the rule applied); read now when left out. */
  readonly contractSettings?: ContractSettings;
  readonly deferCompanyMrr?: boolean;
  /**
   * Over the whole portal: count and record, store no contract. Every path that stores deals already derives them
   * with the rule, and a pass beside those paths must not write back a deal it read before one of them changed it.
   */
  readonly countOnly?: boolean;
}

type ContractTerms = Pick<
  ContractRow,
  'kind' | 'startDate' | 'endDate' | 'mrrMinor' | 'seats' | 'product' | 'closeDate'
>;

function sameContract(stored: ContractTerms, derived: Contract): boolean {
  return (
    stored.kind === derived.kind &&
    stored.startDate === derived.startDate &&
    stored.endDate === derived.endDate &&
    stored.mrrMinor === derived.mrrMinor &&
    stored.seats === derived.seats &&
    stored.product === derived.product &&
    stored.closeDate === derived.closeDate
  );
}

function differ(left: DealToContractResult, right: DealToContractResult | undefined): boolean {
  return left.isContract && right?.isContract === true && !sameContract(left.contract, right.contract);
}

/** The deals the rule has follow on: of each kind, those whose contract it changes from domain §1.1's. */
function countFollowingOn(
  deals: readonly DealInput[],
  plain: DealToContractResult[],
  rule: DealToContractResult[],
  readings: DealKindReadings,
) {
  let existingBusiness = 0;
  let withoutStart = 0;
  for (const [index, deal] of deals.entries()) {
    const after = rule[index];
    if (after === undefined || !differ(after, plain[index])) continue;
    if (upsellWithoutStatedKind(deal, readings)) existingBusiness += 1;
    else if (renewalWithoutStart(deal, readings)) withoutStart += 1;
  }
  return { existingBusiness, withoutStart };
}

/**
 * Stores the contracts of the companies concerned as the portal's renewal rule derives them (domain §1.1 and the
 * KPI setting `renewals`). Every path that stores deals runs it after them, and a change of the setting runs it over
 * the whole portal, in the same transaction as the change; over the whole portal it also records how many deals
 * follow on and how many add-ons are co-termed (or would be), which the KPI reports state.
 */
export async function applyRenewalRule(
  db: Executor,
  portalId: number,
  options: RenewalRuleOptions,
): Promise<RenewalRuleOutcome> {
  const wholePortal = options.companyIds === undefined;
  const contractSettings = options.contractSettings ?? (await loadContractSettings(db, portalId));
  const { dealTypes, pipelineKinds, renewals: rule } = contractSettings;
  // Deals stored with the rule off are already derived as domain §1.1 says: nothing to do for them.
  if (!wholePortal && !readsCompanyContracts(rule))
    return { existingBusiness: 0, withoutStart: 0, addOnsOffTerm: 0, changed: 0 };
  const readAs = (kind: DealKind): ReadAs => ({
    dealTypes: dealTypesReadAs(kind, dealTypes),
    pipelines: Object.keys(pipelineKinds).filter((pipelineId) => pipelineKinds[pipelineId] === kind),
  });
  const companyIds =
    options.companyIds ??
    (await companiesWithContractsToDerive(db, portalId, {
      upsell: readAs('upsell'),
      renewal: readAs('renewal'),
      changed: options.changed ?? { dealTypes: [], pipelines: [] },
    }));
  const totals = { existingBusiness: 0, withoutStart: 0, addOnsOffTerm: 0, changed: 0 };
  for (const companies of chunks([...new Set(companyIds)], companiesPerPass)) {
    const stored = await listContractDeals(db, portalId, companies);
    const deals = stored.map(({ contract, properties }) => ({
      id: contract.dealId,
      properties,
      companyIds: [contract.companyId],
    }));
    const derived = contractsOfDeals(deals, contractSettings, rule);
    // The count needs both readings; only a pass over the whole portal records it.
    if (wholePortal) {
      const other = contractsOfDeals(deals, contractSettings, { ...rule, followOn: !rule.followOn });
      const counted = rule.followOn
        ? countFollowingOn(deals, other, derived, contractSettings)
        : countFollowingOn(deals, derived, other, contractSettings);
      totals.existingBusiness += counted.existingBusiness;
      totals.withoutStart += counted.withoutStart;
      const otherTerms = contractsOfDeals(deals, contractSettings, { ...rule, coTermAddOns: !rule.coTermAddOns });
      totals.addOnsOffTerm += derived.filter((result, index) => differ(result, otherTerms[index])).length;
    }
    const rows: ContractRow[] = [];
    for (const [index, result] of derived.entries()) {
      const before = stored[index];
      if (before === undefined || !result.isContract) continue;
      if (!sameContract(before.contract, result.contract)) rows.push({ portalId, ...result.contract });
    }
    totals.changed += rows.length;
    if (rows.length > 0 && options.countOnly !== true)
      await replaceContractsForDeals(
        db,
        portalId,
        rows.map((row) => row.dealId),
        rows,
        { deferCompanyMrr: options.deferCompanyMrr },
      );
  }
  if (wholePortal)
    await recordRenewalCheck(db, portalId, {
      existingBusiness: totals.existingBusiness,
      withoutStart: totals.withoutStart,
      followOn: rule.followOn,
      addOnsOffTerm: totals.addOnsOffTerm,
      coTermAddOns: rule.coTermAddOns,
      unknownDealTypes: await countUnknownDealTypes(
        db,
        portalId,
        [...readDealTypes(dealTypes).keys()],
        Object.keys(pipelineKinds),
      ),
      unreadPipelines: await unreadPipelinesOf(db, portalId, Object.keys(pipelineKinds)),
    });
  return totals;
}

async function unreadPipelinesOf(db: Executor, portalId: number, read: readonly string[]) {
  const counts = await countUnreadPipelines(db, portalId, read);
  if (counts.length === 0) return [];
  const labels = new Map((await dealPipelines(db, portalId)).map((pipeline) => [pipeline.id, pipeline.label]));
  return counts.map(({ pipelineId, deals }) => ({ pipeline: labels.get(pipelineId) ?? pipelineId, deals }));
}

// How long a count of the portal's deals stays good enough while its deals change: one pass an hour at most.
const recountAfterMilliseconds = 60 * 60 * 1000;

/**
 * Counts the portal's deals again for the KPI reports' note (as each full sync does) when deals changed since and
 * the last count is over an hour old, so that the note follows what the team fixes in HubSpot without a full sync.
 * Returns whether it counted (and logs that it did).
 */
export async function recountRenewalsWhenStale(
  db: Database,
  portalId: number,
  now: Date,
  logger?: Logger,
): Promise<boolean> {
  const check = await findRenewalCheck(db, portalId);
  if (check !== undefined && now.getTime() - new Date(check.checkedAt).getTime() < recountAfterMilliseconds)
    return false;
  await db.transaction((transaction) => applyRenewalRule(transaction, portalId, { countOnly: true }));
  logger?.info({ portalId }, 'deals counted again for the KPI note on renewals, deal types and add-ons');
  return true;
}
