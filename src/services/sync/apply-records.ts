import type { Executor } from '../../db/client';
import { recordVersions, type CrmObjectVersion } from '../../db/repositories/crm-object-versions-repository';
import { archiveCompanies, archiveDeals } from '../../db/repositories/crm-record-changes-repository';
import { toCompanyRow, toDealRecord, type HubSpotObject } from '../../hubspot/sync/record-mapping';
import type { ContractSettings } from './contract-settings';
import { companiesOfContractDeals } from '../../db/repositories/contract-deals-repository';
import { readsCompanyContracts } from '../../domain/contracts/renewal-recognition';
import { applyRenewalRule } from './renewal-rule';
import { storeCompanies } from './store-companies';
import { storeDeals } from './store-deals';

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
  await storeCompanies(db, portalId, companyRows);
  await archiveCompanies(db, portalId, changes.removedCompanyIds ?? []);

  const records = (changes.deals ?? []).map((deal) => toDealRecord(portalId, deal));
  // HubSpot reported the change, so a deal never stored before that is already closed won was just won.
  const closedWonDealIds = await storeDeals(db, portalId, records, settings, { newClosedWonDealsCount: true });
  // A renewal that followed on a removed deal's term follows on whatever its company has left, an add-on co-termed
  // with it ends with what is left.
  const removedDealIds = changes.removedDealIds ?? [];
  const byCompany = removedDealIds.length > 0 && readsCompanyContracts(settings.renewals);
  const followers = byCompany ? await companiesOfContractDeals(db, portalId, removedDealIds) : [];
  await archiveDeals(db, portalId, removedDealIds);
  if (followers.length > 0) await applyRenewalRule(db, portalId, { contractSettings: settings, companyIds: followers });
  await recordVersions(db, changes.versions ?? []);
  return { closedWonDealIds };
}
