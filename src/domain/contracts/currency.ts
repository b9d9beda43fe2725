import { z } from 'zod';
import { divideRoundingHalfUp, parseDecimalAmount } from './decimal-amount';

/** Digits of the currency's minor unit (USD 2, JPY 0, KWD 3), as Intl knows them. */
export function minorUnitDigits(currency: string): number {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

const currencyCodeSchema = z
  .string()
  .regex(/^[A-Z]{3}$/, { error: 'must be a three-letter currency code such as USD' })
  .refine((code) => Intl.supportedValuesOf('currency').includes(code), { error: 'is not a known currency code' });

/**
 * One rate of a portal's multi-currency setup (HubSpot: Settings > Currencies): one unit of `fromCurrency` is worth
 * `rate` units of the portal's company currency from `effectiveAt` on, until the next rate of the same currency.
 */
export const exchangeRateSchema = z.object({
  fromCurrency: currencyCodeSchema,
  effectiveAt: z.iso.datetime({ offset: true }),
  // HubSpot keeps up to six decimals; a decimal string keeps them exact.
  rate: z
    .string()
    .regex(/^\d+(\.\d{1,6})?$/, { error: 'must be a positive decimal with at most six decimals, such as 1.08' })
    .refine((rate) => Number(rate) > 0, { error: 'must be greater than 0' }),
});

export type ExchangeRate = z.infer<typeof exchangeRateSchema>;

/**
 * The rate in force at `instant`: the latest one effective at or before it. A deal closed before the currency's first
 * rate takes that first rate (the portal set no earlier one). Undefined when the portal has no rate for the currency.
 */
export function rateInForce(
  rates: readonly ExchangeRate[],
  fromCurrency: string,
  instant: string,
): ExchangeRate | undefined {
  const at = Date.parse(instant);
  const ofCurrency = rates
    .filter((rate) => rate.fromCurrency === fromCurrency)
    .sort((left, right) => Date.parse(left.effectiveAt) - Date.parse(right.effectiveAt));
  return ofCurrency.filter((rate) => Date.parse(rate.effectiveAt) <= at).at(-1) ?? ofCurrency[0];
}

/**
 * Converts an amount held exactly in the minor units of one currency into the minor units of another: the amount
 * times the rate, rounded half away from zero once, to the target's minor unit (USD cents x 0.92 -> EUR cents).
 */
export function convertMinorUnits(amountMinor: number, fromDigits: number, toDigits: number, rate: string): number {
  const parsedRate = parseDecimalAmount(rate);
  if (parsedRate === null) throw new RangeError(`exchange rate '${rate}' is not a decimal number`);
  const numerator = BigInt(amountMinor) * parsedRate.units * 10n ** BigInt(toDigits);
  const denominator = 10n ** BigInt(parsedRate.scale + fromDigits);
  return Number(divideRoundingHalfUp(numerator, denominator));
}
