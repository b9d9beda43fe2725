import { bigint, index, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

// Companies merged in HubSpot: each merged-away id and the record it became, so their history, usage and accounts
// follow it (a merge of merges points every earlier id at the latest record).
export const companyMerges = pgTable(
  'company_merges',
  {
    portalId: bigint('portal_id', { mode: 'number' }).notNull(),
    mergedId: text('merged_id').notNull(),
    survivorId: text('survivor_id').notNull(),
    mergedAt: timestamp('merged_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.portalId, table.mergedId] }),
    index('company_merges_survivor_idx').on(table.portalId, table.survivorId),
  ],
);
