import { eq } from 'drizzle-orm';
import type { Executor } from '../client';
import type { ExchangeRate } from '../../domain/contracts/currency';
import { currencySettingsSchema, ratesInUse } from '../../domain/contracts/currency-settings';
import { exchangeRates } from '../schema';
import { findStoredSettings } from './portal-settings-repository';

export type ExchangeRateRow = typeof exchangeRates.$inferInsert;

/** Replaces the portal's synced rates with what HubSpot returned, so deleted rates disappear too. */
export async function replaceExchangeRates(
  db: Executor,
  portalId: number,
  rows: readonly ExchangeRateRow[],
): Promise<void> {
  await db.delete(exchangeRates).where(eq(exchangeRates.portalId, portalId));
  if (rows.length > 0)
    await db
      .insert(exchangeRates)
      .values([...rows])
      .onConflictDoNothing();
}

/** The rates deals are converted with: HubSpot's where it has them, the portal's own (settings) for the rest. */
export async function exchangeRatesInUse(db: Executor, portalId: number): Promise<ExchangeRate[]> {
  return ratesInUse(await listExchangeRates(db, portalId), await listManualExchangeRates(db, portalId));
}

/** The rates synced from HubSpot, as the domain reads them (rates without trailing zeros: 1.080000 -> 1.08). */
async function listExchangeRates(db: Executor, portalId: number): Promise<ExchangeRate[]> {
  const rows = await db.select().from(exchangeRates).where(eq(exchangeRates.portalId, portalId));
  return rows.map((row) => ({
    fromCurrency: row.fromCurrency,
    effectiveAt: new Date(row.effectiveAt).toISOString(),
    rate: row.rate.replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, ''),
  }));
}

/** The rates the portal set itself (settings kind `currency`), for currencies HubSpot has no rate for. */
async function listManualExchangeRates(db: Executor, portalId: number): Promise<ExchangeRate[]> {
  const stored = await findStoredSettings(db, portalId, 'currency');
  if (stored === undefined) return [];
  const parsed = currencySettingsSchema.safeParse(stored.value);
  return parsed.success ? parsed.data.exchangeRates : [];
}
