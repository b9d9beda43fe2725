import { bigint, numeric, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * The portal's exchange rates as HubSpot's multi-currency settings hold them (synced with the deal pipelines): one
 * unit of `from_currency` is worth `rate` of the portal's company currency from `effective_at` on.
 */
export const exchangeRates = pgTable(
  'exchange_rates',
  {
    portalId: bigint('portal_id', { mode: 'number' }).notNull(),
    fromCurrency: text('from_currency').notNull(),
    effectiveAt: timestamp('effective_at', { withTimezone: true, mode: 'string' }).notNull(),
    rate: numeric('rate', { precision: 18, scale: 6 }).notNull(),
    hubspotId: text('hubspot_id'),
  },
  (table) => [primaryKey({ columns: [table.portalId, table.fromCurrency, table.effectiveAt] })],
);
