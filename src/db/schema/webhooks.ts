import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

const portalId = () => bigint('portal_id', { mode: 'number' }).notNull();

// HubSpot's webhook events as received, until processed. HubSpot delivers at least once and documents
// `eventId` as not guaranteed unique: a delivery is identified by the portal, the subscription that sent
// it, the event id and when it occurred (a retry repeats all four with a higher attemptNumber).
export const webhookEvents = pgTable(
  'webhook_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
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
    uniqueIndex('webhook_events_delivery_key').on(
      table.portalId,
      table.subscriptionId,
      table.eventId,
      table.occurredAt,
    ),
    index('webhook_events_pending_idx')
      .on(table.portalId, table.occurredAt, table.id)
      .where(sql`${table.processedAt} is null`),
  ],
);

// Events of a delivery that failed validation, with the reason; the rest of their batch was stored. The
// fingerprint (the event without its attemptNumber) keeps a redelivered bad event to one row.
export const webhookRejectedEvents = pgTable(
  'webhook_rejected_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    /** Null when the event has no usable portalId. */
    portalId: bigint('portal_id', { mode: 'number' }),
    fingerprint: text('fingerprint').notNull().unique(),
    reason: text('reason').notNull(),
    payload: jsonb('payload').$type<unknown>().notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index('webhook_rejected_events_received_idx').on(table.receivedAt)],
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
    index('closed_won_transitions_pending_idx')
      .on(table.portalId)
      .where(sql`${table.notifiedAt} is null`),
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
