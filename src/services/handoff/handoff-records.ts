import type { Executor } from '../../db/client';
import { listContracts, replaceContractsForDeals } from '../../db/repositories/contracts-repository';
import {
  countCsmLoads,
  findCsmAssignment,
  insertCsmAssignment,
  listActiveOwnerIds,
  listTeamOwnerIds,
} from '../../db/repositories/csm-assignments-repository';
import type { CompanyRecord, DealRecord } from '../../db/repositories/handoff-repository';
import { isContractActiveOn } from '../../domain/contracts/company-mrr';
import { dealKindSchema, type Contract } from '../../domain/contracts/contract-schema';
import { dealToContract } from '../../domain/contracts/deal-to-contract';
import { chooseCsm, type CsmAssignmentReason } from '../../domain/handoff/csm-assignment';
import type { HandoffSettings } from '../../domain/handoff/handoff-settings';
import { touchModelFor, type TouchModel } from '../../domain/lifecycle/touch-model';
import type { CalendarDate } from '../../domain/time/calendar-date';
import type { CustomerSuccessSettings } from '../customer-success/customer-success-settings';
import type { ContractSettings } from '../sync/contract-settings';
import { applyRenewalRule } from '../sync/renewal-rule';
import { readsCompanyContracts } from '../../domain/contracts/renewal-recognition';

export interface ContractOutcome {
  readonly contract: Contract | null;
  /** Why the deal gives no contract yet (e.g. no amount), when it does not. */
  readonly notDerivedBecause: string | null;
}

/**
 * Derives the deal's contract with the same rule the full sync uses (domain §1.1) and stores it in place of
 * what was there, so a corrected deal corrects its contract.
 */
export async function storeDealContract(
  db: Executor,
  portalId: number,
  deal: DealRecord,
  companyIds: readonly string[],
  options: ContractSettings,
): Promise<ContractOutcome> {
  const result = dealToContract({ id: deal.id, properties: deal.properties, companyIds: [...companyIds] }, options);
  await replaceContractsForDeals(db, portalId, [deal.id], result.isContract ? [{ portalId, ...result.contract }] : []);
  if (!result.isContract) return { contract: null, notDerivedBecause: result.detail };
  if (!readsCompanyContracts(options.renewals)) return { contract: result.contract, notDerivedBecause: null };
  await applyRenewalRule(db, portalId, { contractSettings: options, companyIds: [result.contract.companyId] });
  // A renewal that follows on is stored with that kind and the term it continues, a co-termed add-on with its end.
  const stored = (await listContracts(db, portalId, result.contract.companyId)).find(
    (contract) => contract.dealId === deal.id,
  );
  const contract =
    stored === undefined
      ? result.contract
      : {
          ...result.contract,
          kind: dealKindSchema.parse(stored.kind),
          startDate: stored.startDate,
          endDate: stored.endDate,
        };
  return { contract, notDerivedBecause: null };
}

/** The company's MRR once this deal runs (on its start, or today if it started already), for the touch model. */
export async function touchModelAtHandoff(
  db: Executor,
  portalId: number,
  companyId: string,
  onDate: CalendarDate,
  settings: CustomerSuccessSettings,
): Promise<{ mrrMinor: number; touchModel: TouchModel }> {
  const contracts = await listContracts(db, portalId, companyId);
  const mrrMinor = contracts
    .filter((contract) => isContractActiveOn(contract, onDate))
    .reduce((total, contract) => total + contract.mrrMinor, 0);
  return { mrrMinor, touchModel: touchModelFor(mrrMinor, settings.lifecycle) };
}

export interface CsmOutcome {
  readonly ownerId: string;
  readonly reason: CsmAssignmentReason;
  readonly detail: string;
  readonly assignedAt: string;
  readonly newlyAssigned: boolean;
}

/** The company's CSM: the one assigned before, else the rule's choice, recorded with who, when and why. */
export async function assignCsm(
  db: Executor,
  input: {
    portalId: number;
    company: CompanyRecord;
    dealId: string;
    touchModel: TouchModel;
    today: CalendarDate;
    now: Date;
    settings: HandoffSettings;
  },
): Promise<CsmOutcome | null> {
  const existing = await findCsmAssignment(db, input.portalId, input.company.id);
  if (existing)
    return {
      ownerId: existing.ownerId,
      reason: existing.reason,
      detail: existing.detail,
      assignedAt: existing.assignedAt,
      newlyAssigned: false,
    };
  const [activeOwnerIds, teamOwnerIds, loads] = await Promise.all([
    listActiveOwnerIds(db, input.portalId),
    listTeamOwnerIds(db, input.portalId, input.settings.csmTeamName),
    countCsmLoads(db, input.portalId, input.today),
  ]);
  const choice = chooseCsm({
    companyOwnerId: input.company.ownerId,
    touchModel: input.touchModel,
    activeOwnerIds,
    teamOwnerIds,
    loads,
    settings: input.settings,
  });
  if (choice === null) return null;
  const stored = await insertCsmAssignment(db, {
    portalId: input.portalId,
    companyId: input.company.id,
    ownerId: choice.ownerId,
    reason: choice.reason,
    touchModel: input.touchModel,
    detail: choice.detail,
    dealId: input.dealId,
    assignedAt: input.now.toISOString(),
  });
  return {
    ownerId: stored.ownerId,
    reason: stored.reason,
    detail: stored.detail,
    assignedAt: stored.assignedAt,
    newlyAssigned: stored.dealId === input.dealId,
  };
}
