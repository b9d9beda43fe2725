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
import type { MappedDeal } from '../../hubspot/sync/record-mapping';

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
  const before = await storedDealStages(db, portalId, dealIds);
  const closedWon = new Set(settings.closedWonStageIds);
  const closedWonDealIds = records
    .filter((record) =>
      enteredClosedWon(
        record.row.stageId ?? null,
        before.get(record.row.id),
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
  await recordClosedWonTransitions(db, portalId, closedWonDealIds);
  return closedWonDealIds;
}
