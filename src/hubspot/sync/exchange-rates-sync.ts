import type { Client } from '@hubspot/api-client';
import { z } from 'zod';
import type { ExchangeRateRow } from '../../db/repositories/exchange-rates-repository';

const ratesPageSchema = z.object({
  results: z.array(
    z.object({
      id: z.string(),
      fromCurrencyCode: z.string(),
      toCurrencyCode: z.string(),
      conversionRate: z.union([z.number(), z.string()]),
      effectiveAt: z.string(),
    }),
  ),
  paging: z.object({ next: z.object({ after: z.string() }).optional() }).optional(),
});

const ratesPath = '/settings/currencies/2026-03/exchange-rates';

/** HubSpot sends rates as JSON numbers with at most six decimals: written out in full, never as 1e-7. */
function decimalText(rate: number | string): string {
  return typeof rate === 'string' ? rate : rate.toFixed(6).replace(/\.?0+$/, '');
}

/**
 * Every exchange rate of the portal's multi-currency settings into its company currency, all pages. Undefined when
 * the app may not read them (no `settings.currencies.read` scope: HubSpot answers 403): the portal's own rates apply.
 */
export async function fetchExchangeRates(
  client: Client,
  portalId: number,
  companyCurrency: string,
): Promise<ExchangeRateRow[] | undefined> {
  const rows: ExchangeRateRow[] = [];
  let after: string | undefined;
  do {
    const response = await client.apiRequest({
      method: 'GET',
      path: after === undefined ? ratesPath : `${ratesPath}?after=${encodeURIComponent(after)}`,
    });
    if (response.status === 403) return undefined;
    if (!response.ok) throw new Error(`HubSpot answered ${response.status} to GET ${ratesPath}`);
    const page = ratesPageSchema.parse(await response.json());
    for (const rate of page.results) {
      if (rate.toCurrencyCode !== companyCurrency) continue;
      rows.push({
        portalId,
        fromCurrency: rate.fromCurrencyCode,
        effectiveAt: new Date(rate.effectiveAt).toISOString(),
        rate: decimalText(rate.conversionRate),
        hubspotId: rate.id,
      });
    }
    after = page.paging?.next?.after;
  } while (after !== undefined);
  return rows;
}
