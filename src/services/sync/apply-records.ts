import type { Executor } from '../../db/client';
import { recordClosedWonTransitions } from '../../db/repositories/closed-won-transitions-repository';
import { upsertCompanies } from '../../db/repositories/companies-repository';
import { replaceContractsForDeals, type ContractRow } from '../../db/repositories/contracts-repository';
import { recordVersions, type CrmObjectVersion } from '../../db/repositories/crm-object-versions-repository';
import { archiveCompanies, archiveDeals, storedDealStages } from '../../db/repositories/crm-record-changes-repository';
import { replaceDealCompanies, upsertDeals } from '../../db/repositories/deals-repository';
import { exchangeRatesInUse } from '../../db/repositories/exchange-rates-repository';
import { closedWonStageIds } from '../../db/repositories/pipelines-repository';
import { findPortal } from '../../db/repositories/portals-repository';
import { dealToContract } from '../../domain/contracts/deal-to-contract';
import { enteredClosedWon } from '../../domain/deals/closed-won-transition';
import { minorUnitDigits } from '../../domain/contracts/currency';
import { toCompanyRow, toDealRecord, type HubSpotObject } from '../../hubspot/sync/record-mapping';
import type { ContractSettings } from './sync-steps';

/** What a webhook batch or an incremental sync learnt from HubSpot, applied the way the full sync stores records. */
export interface RecordChanges {
  readonly companies?: readonly HubSpotObject[];
  /** Deals with their company associations (`associations.companies`). */
  readonly deals?: readonly HubSpotObject[];
  readonly removedCompanyIds?: readonly string[];
  readonly removedDealIds?: readonly string[];
  readonly versions?: readonly CrmObjectVersion[];
}

export interface AppliedChanges {
  /** Deals that entered a closed-won stage with this change (new deals already closed won included). */
  readonly closedWonDealIds: string[];
}

export async function loadContractSettings(db: Executor, portalId: number): Promise<ContractSettings> {
  const portal = await findPortal(db, portalId);
  if (!portal) throw new Error(`Portal ${portalId} has not been synced`);
  return {
    timeZone: portal.timeZone,
    minorUnitDigits: minorUnitDigits(portal.currency),
    closedWonStageIds: await closedWonStageIds(db, portalId),
    currency: portal.currency,
    exchangeRates: await exchangeRatesInUse(db, portalId),
  };
}

/**
 * Upserts companies and deals, re-derives the deals' contracts, archives removed records and records which
 * deals entered closed won, all on `db`: run it inside the transaction that also records the work as done.
 */
export async function applyRecordChanges(
  db: Executor,
  portalId: number,
  settings: ContractSettings,
  changes: RecordChanges,
): Promise<AppliedChanges> {
  const companyRows = (changes.companies ?? []).map((company) => toCompanyRow(portalId, company));
  await upsertCompanies(db, companyRows);
  await archiveCompanies(db, portalId, changes.removedCompanyIds ?? []);

  const closedWon = new Set(settings.closedWonStageIds);
  const records = (changes.deals ?? []).map((deal) => toDealRecord(portalId, deal));
  const dealIds = records.map((record) => record.row.id);
  const before = await storedDealStages(db, portalId, dealIds);
  const closedWonDealIds = records
    // HubSpot reported the change, so a deal never stored before that is already closed won was just won.
    .filter((record) => enteredClosedWon(record.row.stageId ?? null, before.get(record.row.id), closedWon, true))
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
  await replaceContractsForDeals(db, portalId, dealIds, contracts);
  await archiveDeals(db, portalId, changes.removedDealIds ?? []);

  await recordClosedWonTransitions(db, portalId, closedWonDealIds);
  await recordVersions(db, changes.versions ?? []);
  return { closedWonDealIds };
}
