import { formatUtcDate, isCalendarDate, type CalendarDate } from '../time/calendar-date';
import { instantToLocalDate, parseInstant } from '../time/time-zone';
import { dealKindSchema, type DealKind, type NotContractReason } from './contract-schema';
import { parseDecimalAmount, toMinorUnits } from './decimal-amount';
import { kindOfDealType, type DealTypeKinds } from './deal-types';

export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: NotContractReason; detail: string };

export type DealProperties = Record<string, string | null>;

const amountMonthsWhenNoTerm = 12;

export function ok<T>(value: T): Parsed<T> {
  return { ok: true, value };
}

export function fail<T>(reason: NotContractReason, detail: string): Parsed<T> {
  return { ok: false, reason, detail };
}

/** HubSpot clears a property to '' or null; both mean "not set". */
export function propertyValue(properties: DealProperties, name: string): string | null {
  const value = properties[name]?.trim();
  return value ? value : null;
}

/** A HubSpot date property: 'YYYY-MM-DD', or midnight UTC as ISO or epoch ms, so the UTC date is the date. */
export function parseDateProperty(properties: DealProperties, name: string): Parsed<CalendarDate | null> {
  const value = propertyValue(properties, name);
  if (value === null) {
    return ok(null);
  }
  if (isCalendarDate(value)) {
    return ok(value);
  }
  const instant = parseInstant(value);
  return instant === null
    ? fail('invalid-date', `${name} '${value}' is not a date`)
    : ok(formatUtcDate(new Date(instant)));
}

/** A HubSpot datetime property (closedate) as the calendar date it falls on in the portal's time zone. */
export function parseDateTimeProperty(
  properties: DealProperties,
  name: string,
  timeZone: string,
): Parsed<CalendarDate | null> {
  const value = propertyValue(properties, name);
  if (value === null) {
    return ok(null);
  }
  if (isCalendarDate(value)) {
    return ok(value);
  }
  const instant = parseInstant(value);
  return instant === null
    ? fail('invalid-date', `${name} '${value}' is not an instant`)
    : ok(instantToLocalDate(instant, timeZone));
}

function parseWholeNumber(
  properties: DealProperties,
  name: string,
  minimum: number,
  reason: NotContractReason,
): Parsed<number | null> {
  const value = propertyValue(properties, name);
  if (value === null) {
    return ok(null);
  }
  const amount = parseDecimalAmount(value);
  const whole = amount === null ? null : toMinorUnits(amount, 0);
  if (
    amount === null ||
    whole === null ||
    BigInt(whole) * 10n ** BigInt(amount.scale) !== amount.units ||
    whole < minimum
  ) {
    return fail(reason, `${name} '${value}' is not a whole number >= ${minimum}`);
  }
  return ok(whole);
}

export function parseTermMonths(properties: DealProperties): Parsed<number | null> {
  return parseWholeNumber(properties, 'cs_term_months', 1, 'invalid-term-months');
}

export function parseSeats(properties: DealProperties): Parsed<number | null> {
  return parseWholeNumber(properties, 'cs_seats', 0, 'invalid-seats');
}

function amountPerMonth(name: string, value: string, months: number, minorUnitDigits: number): Parsed<number> {
  const amount = parseDecimalAmount(value);
  if (amount === null) {
    return fail('invalid-recurring-amount', `${name} '${value}' is not a decimal number`);
  }
  if (amount.units < 0n) {
    return fail('negative-recurring-amount', `${name} '${value}' is negative`);
  }
  const minorUnits = toMinorUnits(amount, minorUnitDigits, months);
  return minorUnits === null ? fail('invalid-recurring-amount', `${name} '${value}' is out of range`) : ok(minorUnits);
}

/**
 * Monthly recurring amount, the first that is set: cs_mrr, hs_mrr, amount / cs_term_months, amount / 12.
 * A set but unreadable value is an error, not a reason to fall through to the next source.
 */
export function parseRecurringAmount(properties: DealProperties, minorUnitDigits: number): Parsed<number> {
  for (const name of ['cs_mrr', 'hs_mrr']) {
    const value = propertyValue(properties, name);
    if (value !== null) {
      return amountPerMonth(name, value, 1, minorUnitDigits);
    }
  }
  const amount = propertyValue(properties, 'amount');
  if (amount === null) {
    return fail('no-recurring-amount', 'none of cs_mrr, hs_mrr, amount is set');
  }
  const term = parseTermMonths(properties);
  if (!term.ok) {
    return term;
  }
  return amountPerMonth('amount', amount, term.value ?? amountMonthsWhenNoTerm, minorUnitDigits);
}

/**
 * The deal's kind (domain §1.1): `cs_deal_kind`; else its pipeline's, when the portal's KPI setting `dealPipelines`
 * names it (`pipelineKinds`, by pipeline id); else its `dealtype` as the portal's KPI setting `dealTypes` reads it;
 * else new.
 */
export function parseDealKind(
  properties: DealProperties,
  dealTypes: DealTypeKinds = {},
  pipelineKinds: DealTypeKinds = {},
): Parsed<DealKind> {
  const value = propertyValue(properties, 'cs_deal_kind');
  if (value !== null) {
    const kind = dealKindSchema.safeParse(value.toLowerCase());
    return kind.success
      ? ok(kind.data)
      : fail('invalid-deal-kind', `cs_deal_kind '${value}' is not one of ${dealKindSchema.options.join(', ')}`);
  }
  const pipeline = propertyValue(properties, 'pipeline');
  if (pipeline !== null && Object.hasOwn(pipelineKinds, pipeline)) {
    const kind = pipelineKinds[pipeline];
    if (kind !== undefined) return ok(kind);
  }
  const dealType = propertyValue(properties, 'dealtype');
  return ok((dealType === null ? undefined : kindOfDealType(dealType, dealTypes)) ?? 'new');
}
