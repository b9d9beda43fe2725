import { bigint, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

// One row per portal and HubSpot limit: the budget every process sharing the database draws on. `nextAtMs` is the
// next free call slot (epoch ms on the database's clock); `pausedUntil` is set when HubSpot answered DAILY.
export const hubspotCallBudgets = pgTable(
  'hubspot_call_budgets',
  {
    portalId: bigint('portal_id', { mode: 'number' }).notNull(),
    /** `burst` (the tier's calls per 10 s), `search` (CRM search per second) or `daily`. */
    policy: text('policy').notNull(),
    nextAtMs: bigint('next_at_ms', { mode: 'number' }).notNull().default(0),
    pausedUntil: timestamp('paused_until', { withTimezone: true, mode: 'date' }),
    pauseReason: text('pause_reason'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.portalId, table.policy] })],
);
