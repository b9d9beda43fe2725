import { addMonths } from '../time/calendar-date';
import { convertMinorUnits, minorUnitDigits, rateInForce } from './currency';
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
  fail,
  ok,
  propertyValue,
  type DealProperties,
  type Parsed,
} from './deal-properties';

type ParsedOptions = ReturnType<typeof dealToContractOptionsSchema.parse>;

/**
 * The deal's monthly amount in the portal's company currency. A deal in another currency (HubSpot multi-currency:
 * `deal_currency_code`) is read exactly in that currency's minor units, then converted with the rate in force when
 * the deal closed.
 */
function recurringAmountInCompanyCurrency(properties: DealProperties, options: ParsedOptions): Parsed<number> {
  const dealCurrency = propertyValue(properties, 'deal_currency_code');
  if (dealCurrency === null || options.currency === undefined || dealCurrency === options.currency) {
    return parseRecurringAmount(properties, options.minorUnitDigits);
  }
  const closedAt = propertyValue(properties, 'closedate') ?? propertyValue(properties, 'createdate');
  const rate = rateInForce(options.exchangeRates, dealCurrency, closedAt ?? new Date(0).toISOString());
  if (rate === undefined) {
    return fail(
      'no-exchange-rate',
      `the deal is in ${dealCurrency} and the portal has no exchange rate from ${dealCurrency} to ${options.currency}`,
    );
  }
  const dealDigits = minorUnitDigits(dealCurrency);
  const amount = parseRecurringAmount(properties, dealDigits);
  if (!amount.ok) return amount;
  return ok(convertMinorUnits(amount.value, dealDigits, options.minorUnitDigits, rate.rate));
}

function notContract(dealId: string, failure: Extract<Parsed<unknown>, { ok: false }>): DealToContractResult {
  return { isContract: false, dealId, reason: failure.reason, detail: failure.detail };
}

/**
 * Turns a synced deal into a contract (domain §1.1), or says why it is not one. Pure: the caller
 * supplies the portal's time zone and the closed-won stage ids of its pipelines.
 */
export function dealToContract(deal: DealInput, options: DealToContractOptions): DealToContractResult {
  const parsedOptions = dealToContractOptionsSchema.parse(options);
  const { timeZone, defaultTermMonths, closedWonStageIds } = parsedOptions;
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
  const mrrMinor = recurringAmountInCompanyCurrency(properties, parsedOptions);
  if (!mrrMinor.ok) return notContract(deal.id, mrrMinor);
  const kind = parseDealKind(properties, parsedOptions.dealTypes, parsedOptions.pipelineKinds);
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
