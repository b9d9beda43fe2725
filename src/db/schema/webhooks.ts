import { sql } from 'drizzle-orm';
import { bigint, index, integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

const portalId = () => bigint('portal_id', { mode: 'number' }).notNull();

// HubSpot's webhook events as received, until processed. HubSpot delivers at least once, so the
// event id is the key: a redelivered batch inserts nothing new.
export const webhookEvents = pgTable(
  'webhook_events',
  {
    portalId: portalId(),
    eventId: text('event_id').notNull(),
    subscriptionId: text('subscription_id').notNull(),
    subscriptionType: text('subscription_type').notNull(),
    objectTypeId: text('object_type_id'),
    objectId: text('object_id'),
    occurredAt: timestamp('occurred_at', { withTimezone: true, mode: 'date' }).notNull(),
    attemptNumber: integer('attempt_number').notNull().default(0),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
    processedAt: timestamp('processed_at', { withTimezone: true }),
    /** What processing did with it: `applied`, or why it changed nothing (`stale`, `unsupported`). */
    outcome: text('outcome'),
  },
  (table) => [
    primaryKey({ columns: [table.portalId, table.eventId] }),
    index('webhook_events_pending_idx').on(table.portalId, table.occurredAt, table.eventId).where(sql`${table.processedAt} is null`),
  ],
);

// The newest HubSpot change applied to each record, so an event older than it (delivered late) changes nothing.
export const crmObjectVersions = pgTable(
  'crm_object_versions',
  {
    portalId: portalId(),
    objectType: text('object_type', { enum: ['companies', 'deals'] }).notNull(),
    objectId: text('object_id').notNull(),
    appliedAt: timestamp('applied_at', { withTimezone: true, mode: 'date' }).notNull(),
    action: text('action', { enum: ['refresh', 'remove'] }).notNull(),
  },
  (table) => [primaryKey({ columns: [table.portalId, table.objectType, table.objectId] })],
);

// Deals that entered a closed-won stage, written with the change itself; `notifiedAt` is set once the
// hand-off was told, so a crash between the commit and the notification repeats only the notification.
export const closedWonTransitions = pgTable(
  'closed_won_transitions',
  {
    portalId: portalId(),
    dealId: text('deal_id').notNull(),
    enteredAt: timestamp('entered_at', { withTimezone: true }).notNull().defaultNow(),
    notifiedAt: timestamp('notified_at', { withTimezone: true }),
  },
  (table) => [
    primaryKey({ columns: [table.portalId, table.dealId] }),
    index('closed_won_transitions_pending_idx').on(table.portalId).where(sql`${table.notifiedAt} is null`),
  ],
);

// Incremental sync's high-water mark per object type: records modified before it are in the database.
export const incrementalSyncCursors = pgTable(
  'incremental_sync_cursors',
  {
    portalId: portalId(),
    objectType: text('object_type', { enum: ['companies', 'deals'] }).notNull(),
    modifiedSince: timestamp('modified_since', { withTimezone: true, mode: 'date' }).notNull(),
    lastRunAt: timestamp('last_run_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.portalId, table.objectType] })],
);
