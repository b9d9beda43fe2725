import { z } from 'zod';
import { exchangeRateSchema, type ExchangeRate } from './currency';

/**
 * Exchange rates a portal sets here when HubSpot has none for a currency (a portal without multi-currency, or an app
 * without the `settings.currencies.read` scope). Where HubSpot has rates for a currency, HubSpot's are used.
 */
export const currencySettingsSchema = z.object({
  exchangeRates: z.array(exchangeRateSchema).max(10_000).default([]),
});

/** HubSpot's rates for the currencies it has, the portal's own for the others. */
export function ratesInUse(
  fromHubSpot: readonly ExchangeRate[],
  fromSettings: readonly ExchangeRate[],
): ExchangeRate[] {
  const covered = new Set(fromHubSpot.map((rate) => rate.fromCurrency));
  return [...fromHubSpot, ...fromSettings.filter((rate) => !covered.has(rate.fromCurrency))];
}
