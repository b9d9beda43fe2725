import { addMonths } from '../time/calendar-date';
import {
  defaultProduct,
  dealToContractOptionsSchema,
  type DealInput,
  type DealToContractOptions,
  type DealToContractResult,
} from './contract-schema';
import {
  parseDateProperty,
  parseDateTimeProperty,
  parseDealKind,
  parseRecurringAmount,
  parseSeats,
  parseTermMonths,
  propertyValue,
  type Parsed,
} from './deal-properties';

function notContract(dealId: string, failure: Extract<Parsed<unknown>, { ok: false }>): DealToContractResult {
  return { isContract: false, dealId, reason: failure.reason, detail: failure.detail };
}

/**
 * Turns a synced deal into a contract (domain §1.1), or says why it is not one. Pure: the caller
 * supplies the portal's time zone and the closed-won stage ids of its pipelines.
 */
export function dealToContract(deal: DealInput, options: DealToContractOptions): DealToContractResult {
  const { timeZone, minorUnitDigits, defaultTermMonths, closedWonStageIds } =
    dealToContractOptionsSchema.parse(options);
  const { properties } = deal;
  const stage = propertyValue(properties, 'dealstage');
  if (stage === null || !closedWonStageIds.includes(stage)) {
    return {
      isContract: false,
      dealId: deal.id,
      reason: 'not-closed-won',
      detail: `stage '${stage ?? ''}' is not closed won`,
    };
  }
  const companyId = deal.companyIds[0];
  if (companyId === undefined) {
    return { isContract: false, dealId: deal.id, reason: 'no-company', detail: 'the deal has no associated company' };
  }
  const mrrMinor = parseRecurringAmount(properties, minorUnitDigits);
  if (!mrrMinor.ok) return notContract(deal.id, mrrMinor);
  const kind = parseDealKind(properties);
  if (!kind.ok) return notContract(deal.id, kind);
  const seats = parseSeats(properties);
  if (!seats.ok) return notContract(deal.id, seats);
  const closeDate = parseDateTimeProperty(properties, 'closedate', timeZone);
  if (!closeDate.ok) return notContract(deal.id, closeDate);
  const explicitStart = parseDateProperty(properties, 'cs_contract_start');
  if (!explicitStart.ok) return notContract(deal.id, explicitStart);
  const explicitEnd = parseDateProperty(properties, 'cs_contract_end');
  if (!explicitEnd.ok) return notContract(deal.id, explicitEnd);

  const startDate = explicitStart.value ?? closeDate.value;
  if (startDate === null) {
    return {
      isContract: false,
      dealId: deal.id,
      reason: 'no-start-date',
      detail: 'neither cs_contract_start nor closedate is set',
    };
  }
  let endDate = explicitEnd.value;
  if (endDate === null) {
    const term = parseTermMonths(properties);
    if (!term.ok) return notContract(deal.id, term);
    endDate = addMonths(startDate, term.value ?? defaultTermMonths);
  }
  if (endDate <= startDate) {
    return {
      isContract: false,
      dealId: deal.id,
      reason: 'end-not-after-start',
      detail: `end ${endDate} is not after start ${startDate}`,
    };
  }
  return {
    isContract: true,
    contract: {
      dealId: deal.id,
      companyId,
      kind: kind.value,
      product: propertyValue(properties, 'cs_product') ?? defaultProduct,
      mrrMinor: mrrMinor.value,
      startDate,
      endDate,
      seats: seats.value,
      // HubSpot always sets closedate on closed-won deals; the start date stands in if one was cleared.
      closeDate: closeDate.value ?? startDate,
    },
  };
}
