import { bigint, index, integer, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

// One row per digest delivery (a recipient's period, by email or webhook): claimed before it is sent, so a retried
// job or a second replica sends it once.
export const sentDigests = pgTable(
  'sent_digests',
  {
    portalId: bigint('portal_id', { mode: 'number' }).notNull(),
    audience: text('audience', { enum: ['csm', 'manager'] }).notNull(),
    recipient: text('recipient').notNull(),
    /** The cadence and the day it is sent on, e.g. `weekly:2026-12-07`. */
    periodKey: text('period_key').notNull(),
    channel: text('channel', { enum: ['email', 'webhook'] }).notNull(),
    state: text('state', { enum: ['claimed', 'sent', 'empty'] }).notNull(),
    claim: text('claim'),
    claimedAt: timestamp('claimed_at', { withTimezone: true }),
    attempts: integer('attempts').notNull().default(0),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    error: text('error'),
  },
  (table) => [
    primaryKey({ columns: [table.portalId, table.audience, table.recipient, table.periodKey, table.channel] }),
    index('sent_digests_period_idx').on(table.portalId, table.periodKey),
  ],
);
