import type { Executor } from '../../db/client';
import { findProduct } from '../../domain/catalog/catalog-queries';
import { findOwner, type CompanyRecord, type DealRecord } from '../../db/repositories/handoff-repository';
import type { Contract } from '../../domain/contracts/contract-schema';
import { parseDateTimeProperty, propertyValue } from '../../domain/contracts/deal-properties';
import type { DealSummary } from '../../domain/handoff/handoff-text';
import { moneyInWords } from '../../domain/text/money-in-words';
import type { MissingDealField } from '../../domain/handoff/required-fields';
import type { TouchModel } from '../../domain/lifecycle/touch-model';
import { dayInWords } from '../../domain/text/day-in-words';
import { isCalendarDate } from '../../domain/time/calendar-date';
import { inputProperties } from '../../hubspot/properties/product-properties';
import { loadPortalSettings } from '../settings/settings-service';
import { contractKindLabels } from '../wording/labels';

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

// HubSpot's own deal properties the hand-off reads, and the app's, by the labels HubSpot shows on a deal.
const dealPropertyLabels = new Map<string, string>([
  ['amount', 'Amount'],
  ['hs_mrr', 'Monthly recurring revenue'],
  ['closedate', 'Close date'],
  ...inputProperties.deals.map((definition): [string, string] => [definition.name, definition.label]),
]);

/** A day as the CSM reads it; anything else (a value HubSpot holds that is no day) as it is. */
function dayText(day: string | null): string | null {
  return day !== null && isCalendarDate(day) ? dayInWords(day) : day;
}

/** The deal's amount (major units, as HubSpot holds it) in the portal's currency: '$12,000', '$12,000.50'. */
function amountText(amount: string, currency: string, digits: number): string {
  const value = Number(amount);
  return Number.isFinite(value)
    ? moneyInWords(Math.round(value * 10 ** digits), currency, digits)
    : `${amount} ${currency}`;
}

/** What the CSM's task and the company note say about the deal, from the synced deal and its contract. */
export async function buildDealSummary(db: Executor, input: SummaryInput): Promise<DealSummary> {
  const { deal, contract } = input;
  const value = (name: string) => propertyValue(deal.properties, name);
  const closeDate = parseDateTimeProperty(deal.properties, 'closedate', input.timeZone);
  const [salesOwner, csm, settings] = await Promise.all([
    ownerName(db, input.portalId, deal.ownerId),
    ownerName(db, input.portalId, input.csmOwnerId),
    loadPortalSettings(db, input.portalId),
  ]);
  const productId = value('cs_product');
  return {
    dealId: deal.id,
    dealName: deal.name ?? `Deal ${deal.id}`,
    dealKind: input.dealKind,
    dealKindLabel: contractKindLabels[input.dealKind] ?? input.dealKind,
    companyName: input.company.name ?? `Company ${input.company.id}`,
    amount: deal.amount === null ? null : amountText(deal.amount, input.currency, input.minorUnitDigits),
    mrr: contract === null ? null : moneyInWords(contract.mrrMinor, input.currency, input.minorUnitDigits),
    product: productId === null ? null : (findProduct(settings.catalog, productId)?.name ?? productId),
    seats: value('cs_seats'),
    termMonths: value('cs_term_months'),
    contractStart: dayText(contract?.startDate ?? value('cs_contract_start')),
    contractEnd: dayText(contract?.endDate ?? value('cs_contract_end')),
    closeDate: closeDate.ok ? dayText(closeDate.value) : null,
    salesOwner,
    csm,
    touchModel: input.touchModel,
    missing: input.missing.map((field) => ({
      ...field,
      propertyLabels: field.properties.map((name) => dealPropertyLabels.get(name) ?? name),
    })),
  };
}
