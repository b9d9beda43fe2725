import type { Executor } from '../../db/client';
import { findOwner, type CompanyRecord, type DealRecord } from '../../db/repositories/handoff-repository';
import type { Contract } from '../../domain/contracts/contract-schema';
import { parseDateTimeProperty, propertyValue } from '../../domain/contracts/deal-properties';
import { formatMoney, type DealSummary } from '../../domain/handoff/handoff-text';
import type { MissingDealField } from '../../domain/handoff/required-fields';
import type { TouchModel } from '../../domain/lifecycle/touch-model';

export async function ownerName(db: Executor, portalId: number, ownerId: string | null): Promise<string | null> {
  if (ownerId === null) return null;
  const owner = await findOwner(db, portalId, ownerId);
  if (!owner) return `owner ${ownerId}`;
  const name = `${owner.firstName ?? ''} ${owner.lastName ?? ''}`.trim();
  return name || owner.email || `owner ${ownerId}`;
}

export interface SummaryInput {
  readonly portalId: number;
  readonly deal: DealRecord;
  readonly dealKind: string;
  readonly company: CompanyRecord;
  readonly contract: Contract | null;
  readonly currency: string;
  readonly minorUnitDigits: number;
  readonly timeZone: string;
  readonly csmOwnerId: string | null;
  readonly touchModel: TouchModel;
  readonly missing: readonly MissingDealField[];
}

/** What the CSM's task and the company note say about the deal, from the synced deal and its contract. */
export async function buildDealSummary(db: Executor, input: SummaryInput): Promise<DealSummary> {
  const { deal, contract } = input;
  const value = (name: string) => propertyValue(deal.properties, name);
  const closeDate = parseDateTimeProperty(deal.properties, 'closedate', input.timeZone);
  const [salesOwner, csm] = await Promise.all([
    ownerName(db, input.portalId, deal.ownerId),
    ownerName(db, input.portalId, input.csmOwnerId),
  ]);
  return {
    dealId: deal.id,
    dealName: deal.name ?? `Deal ${deal.id}`,
    dealKind: input.dealKind,
    companyName: input.company.name ?? `Company ${input.company.id}`,
    amount: deal.amount === null ? null : `${deal.amount} ${input.currency}`,
    mrr: contract === null ? null : formatMoney(contract.mrrMinor, input.currency, input.minorUnitDigits),
    product: value('cs_product'),
    seats: value('cs_seats'),
    termMonths: value('cs_term_months'),
    contractStart: contract?.startDate ?? value('cs_contract_start'),
    contractEnd: contract?.endDate ?? value('cs_contract_end'),
    closeDate: closeDate.ok ? closeDate.value : null,
    salesOwner,
    csm,
    touchModel: input.touchModel,
    missing: input.missing,
  };
}
