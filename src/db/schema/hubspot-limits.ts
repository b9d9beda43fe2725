import { bigint, index, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

// One row per portal and HubSpot limit: the budget every process sharing the database draws on (its lock orders their
// reservations). `nextAtMs`: no call before it (epoch ms on the database's clock), set after a 429; `pausedUntil` is set
// when HubSpot answered DAILY.
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

// The calls reserved under each limit, newest last: a call may go once fewer than the limit's maximum fall in the
// rolling window before it (HubSpot counts arrivals in a rolling window, so the first window's burst is allowed).
export const hubspotCallSlots = pgTable(
  'hubspot_call_slots',
  {
    portalId: bigint('portal_id', { mode: 'number' }).notNull(),
    policy: text('policy').notNull(),
    atMs: bigint('at_ms', { mode: 'number' }).notNull(),
  },
  (table) => [index('hubspot_call_slots_recent_idx').on(table.portalId, table.policy, table.atMs)],
);
