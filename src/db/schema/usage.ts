import { bigint, boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

/** What a usage event says, shared by stored events and those still waiting for their company. */
export function usageEventBodyColumns() {
  return {
    userId: text('user_id').notNull(),
    event: text('event').notNull(),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
    sessionId: text('session_id'),
    durationSeconds: integer('duration_seconds'),
    properties: jsonb('properties').$type<Record<string, unknown>>().notNull().default({}),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
  };
}

// Raw product usage: one row per event, deduplicated by the sender's message id within a portal.
export const usageEvents = pgTable(
  'usage_events',
  {
    portalId: bigint('portal_id', { mode: 'number' }).notNull(),
    messageId: text('message_id').notNull(),
    companyId: text('company_id').notNull(),
    ...usageEventBodyColumns(),
  },
  (table) => [
    primaryKey({ columns: [table.portalId, table.messageId] }),
    index('usage_events_company_time_idx').on(table.portalId, table.companyId, table.occurredAt),
    index('usage_events_time_idx').on(table.portalId, table.occurredAt),
  ],
);

// NPS (0-10) and CSAT (1-5) answers, from the ingestion API or HubSpot feedback submissions.
export const surveyResponses = pgTable(
  'survey_responses',
  {
    portalId: bigint('portal_id', { mode: 'number' }).notNull(),
    id: text('id').notNull(),
    companyId: text('company_id').notNull(),
    contactId: text('contact_id'),
    kind: text('kind', { enum: ['nps', 'csat'] }).notNull(),
    score: integer('score').notNull(),
    submittedAt: timestamp('submitted_at', { withTimezone: true }).notNull(),
    source: text('source').notNull().default('api'),
    comment: text('comment'),
    fromHubSpot: boolean('from_hubspot').notNull().default(false),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.portalId, table.id] }),
    index('survey_responses_company_idx').on(table.portalId, table.companyId, table.submittedAt),
    index('survey_responses_time_idx').on(table.portalId, table.submittedAt),
  ],
);
