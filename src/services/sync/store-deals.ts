import type { Executor } from '../../db/client';
import { recordClosedWonTransitions } from '../../db/repositories/closed-won-transitions-repository';
import { replaceContractsForDeals, type ContractRow } from '../../db/repositories/contracts-repository';
import { storedDealStages } from '../../db/repositories/crm-record-changes-repository';
import { replaceDealCompanies, upsertDeals } from '../../db/repositories/deals-repository';
import { companiesOfContractDeals } from '../../db/repositories/contract-deals-repository';
import type { ContractSettings } from './contract-settings';
import { applyRenewalRule } from './renewal-rule';
import { dealToContract } from '../../domain/contracts/deal-to-contract';
import { readsCompanyContracts } from '../../domain/contracts/renewal-recognition';
import { enteredClosedWon } from '../../domain/deals/closed-won-transition';
import { recordMerges, type MappedDeal } from '../../hubspot/sync/record-mapping';
import { applyDealMerges } from '../../db/repositories/deal-merge-repository';

export interface StoreDealsOptions {
  /** Whether a deal never stored before that is already closed won counts as just won. */
  readonly newClosedWonDealsCount: boolean;
  /** Leave the companies' MRR to be rebuilt once later (a full sync spreads a company's deals over pages). */
  readonly deferCompanyMrr?: boolean;
}

/**
 * Stores deals as HubSpot reported them: the deal rows, their company links and their contracts, and records
 * which of them entered closed won. Every path that learns deals from HubSpot stores them through here.
 */
export async function storeDeals(
  db: Executor,
  portalId: number,
  records: readonly MappedDeal[],
  settings: ContractSettings,
  options: StoreDealsOptions,
): Promise<string[]> {
  const dealIds = records.map((record) => record.row.id);
  const merges = recordMerges(records.map((record) => ({ id: record.row.id, properties: record.properties })));
  const before = await storedDealStages(db, portalId, [...dealIds, ...merges.flatMap((merge) => merge.mergedIds)]);
  // A deal merged from deals stored here is not new: it was as the first of them was, so a merge is no fresh win.
  const stageBefore = (dealId: string) =>
    before.get(dealId) ??
    merges
      .find((merge) => merge.survivorId === dealId)
      ?.mergedIds.map((id) => before.get(id))
      .find((stage) => stage !== undefined);
  const closedWon = new Set(settings.closedWonStageIds);
  const closedWonDealIds = records
    .filter((record) =>
      enteredClosedWon(
        record.row.stageId ?? null,
        stageBefore(record.row.id),
        closedWon,
        options.newClosedWonDealsCount,
      ),
    )
    .map((record) => record.row.id);
  const contracts = records.flatMap((record): ContractRow[] => {
    const result = dealToContract(
      { id: record.row.id, properties: record.properties, companyIds: record.companyIds },
      settings,
    );
    return result.isContract ? [{ portalId, ...result.contract }] : [];
  });
  await upsertDeals(
    db,
    records.map((record) => record.row),
  );
  await replaceDealCompanies(
    db,
    portalId,
    dealIds,
    records.flatMap((record) => record.links),
  );
  // A bulk load applies the portal's renewal rule once, when all its deals are in.
  const byCompany = !options.deferCompanyMrr && readsCompanyContracts(settings.renewals);
  const companiesBefore = byCompany ? await companiesOfContractDeals(db, portalId, dealIds) : [];
  await replaceContractsForDeals(db, portalId, dealIds, contracts, { deferCompanyMrr: options.deferCompanyMrr });
  if (byCompany)
    await applyRenewalRule(db, portalId, {
      contractSettings: settings,
      companyIds: [...companiesBefore, ...contracts.map((contract) => contract.companyId)],
    });
  // Merged deals stored here, archived or not: a sync may have found them gone before it read the deal they became.
  const pendingMerges = merges
    .map((merge) => ({ ...merge, mergedIds: merge.mergedIds.filter((id) => before.has(id)) }))
    .filter((merge) => merge.mergedIds.length > 0);
  if (pendingMerges.length > 0) await applyDealMerges(db, portalId, pendingMerges);
  await recordClosedWonTransitions(db, portalId, closedWonDealIds);
  return closedWonDealIds;
}
