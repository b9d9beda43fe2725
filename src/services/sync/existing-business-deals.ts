import type { Executor } from '../../db/client';
import { companiesWithExistingBusinessDeals, listContractDeals } from '../../db/repositories/contract-deals-repository';
import { replaceContractsForDeals, type ContractRow } from '../../db/repositories/contracts-repository';
import { recordExistingBusinessCheck } from '../../db/repositories/existing-business-checks-repository';
import { chunks } from '../../domain/collections/chunks';
import type { Contract } from '../../domain/contracts/contract-schema';
import {
  contractsOfDeals,
  kindFromExistingBusinessAlone,
  type ExistingBusinessDeals,
} from '../../domain/contracts/renewal-recognition';
import { loadContractSettings, type ContractSettings } from './contract-settings';

// Companies whose deals are read and derived at once: bounds memory on a portal of 100k companies.
const companiesPerPass = 2_000;

export interface ExistingBusinessOutcome {
  /** "Existing business" deals without `cs_deal_kind` the rule counts as renewals (or would, when it is off). */
  readonly renewals: number;
  /** Contracts stored differently than before. */
  readonly changed: number;
}

export interface ExistingBusinessOptions {
  /** The companies whose deals changed; every company with such deals when left out. */
  readonly companyIds?: readonly string[];
  readonly contractSettings?: ContractSettings;
  /** The portal's KPI setting `existingBusinessDeals`. */
  readonly rule: ExistingBusinessDeals;
  readonly deferCompanyMrr?: boolean;
}

function sameContract(stored: ContractRow, derived: Contract): boolean {
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

/**
 * Stores the contracts of the companies concerned as the portal's rule for "Existing business" deals derives them
 * (domain §1.1 and the KPI setting `existingBusinessDeals`). Every path that stores deals runs it after them, and a
 * change of the setting runs it over the whole portal, in the same transaction as the change.
 */
export async function applyExistingBusinessRule(
  db: Executor,
  portalId: number,
  options: ExistingBusinessOptions,
): Promise<ExistingBusinessOutcome> {
  const { rule } = options;
  // Deals stored with the rule off are already derived as domain §1.1 says: nothing to do for them.
  if (options.companyIds !== undefined && !rule.recognizeRenewals) return { renewals: 0, changed: 0 };
  const companyIds = options.companyIds ?? (await companiesWithExistingBusinessDeals(db, portalId));
  const contractSettings = options.contractSettings ?? (await loadContractSettings(db, portalId));
  let renewals = 0;
  let changed = 0;
  for (const companies of chunks([...new Set(companyIds)], companiesPerPass)) {
    const stored = await listContractDeals(db, portalId, companies);
    const deals = stored.map(({ contract, properties }) => ({
      id: contract.dealId,
      properties,
      companyIds: [contract.companyId],
    }));
    const results = contractsOfDeals(deals, contractSettings, rule);
    // With the rule off, still counted: the KPI reports say how many of these upsells look like renewals.
    const recognized = rule.recognizeRenewals
      ? results
      : contractsOfDeals(deals, contractSettings, { ...rule, recognizeRenewals: true });
    renewals += deals.filter((deal, index) => {
      const result = recognized[index];
      return result?.isContract === true && result.contract.kind === 'renewal' && kindFromExistingBusinessAlone(deal);
    }).length;
    const rows: ContractRow[] = [];
    for (const [index, result] of results.entries()) {
      const before = stored[index];
      if (before === undefined || !result.isContract) continue;
      if (!sameContract(before.contract, result.contract)) rows.push({ portalId, ...result.contract });
    }
    changed += rows.length;
    if (rows.length > 0)
      await replaceContractsForDeals(
        db,
        portalId,
        rows.map((row) => row.dealId),
        rows,
        { deferCompanyMrr: options.deferCompanyMrr },
      );
  }
  // Over the whole portal, the count is what the KPI reports say about the portal's "Existing business" deals.
  if (options.companyIds === undefined)
    await recordExistingBusinessCheck(db, portalId, { renewals, recognized: options.rule.recognizeRenewals });
  return { renewals, changed };
}
