import { bigint, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

// The cs_* values last pushed to each HubSpot company, so the next push sends only what changed.
export const companyWriteBacks = pgTable(
  'company_write_backs',
  {
    portalId: bigint('portal_id', { mode: 'number' }).notNull(),
    companyId: text('company_id').notNull(),
    pushedValues: jsonb('pushed_values').$type<Record<string, string | null>>().notNull(),
    pushedAt: timestamp('pushed_at', { withTimezone: true, mode: 'string' }).notNull(),
  },
  (table) => [primaryKey({ columns: [table.portalId, table.companyId] })],
);
