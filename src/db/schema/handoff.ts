import { bigint, boolean, index, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

const portalId = () => bigint('portal_id', { mode: 'number' }).notNull();

// One per closed-won deal handed to CS: what has been done, so a replayed event does nothing twice.
export const handoffs = pgTable(
  'handoffs',
  {
    portalId: portalId(),
    dealId: text('deal_id').notNull(),
    companyId: text('company_id').notNull(),
    dealKind: text('deal_kind').notNull(),
    // Missing or unreadable required deal fields, as field keys; empty when the hand-off is complete.
    missingFields: jsonb('missing_fields').$type<string[]>().notNull().default([]),
    incomplete: boolean('incomplete').notNull().default(false),
    csmOwnerId: text('csm_owner_id'),
    onboardingEnsuredAt: timestamp('onboarding_ensured_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.portalId, table.dealId] }),
    index('handoffs_company_idx').on(table.portalId, table.companyId),
  ],
);

/**
 * A HubSpot task or note a hand-off creates. `startedAt` is written before the create call and `hubspotId`
 * after it, so a run that finds a start without an id knows the create may have happened and looks first.
 */
export const handoffEngagements = pgTable(
  'handoff_engagements',
  {
    portalId: portalId(),
    dealId: text('deal_id').notNull(),
    kind: text('kind', { enum: ['csm_task', 'summary_note', 'missing_fields_task'] }).notNull(),
    objectType: text('object_type', { enum: ['tasks', 'notes'] }).notNull(),
    marker: text('marker').notNull(),
    startedAt: timestamp('started_at', { withTimezone: true, mode: 'string' }).notNull(),
    hubspotId: text('hubspot_id'),
    // What the record says now (a hash of its text), so a later run updates it only when the deal changed.
    contentHash: text('content_hash'),
    closedAt: timestamp('closed_at', { withTimezone: true, mode: 'string' }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.portalId, table.dealId, table.kind] })],
);

// The company's CSM: who, when and why; the first assignment stays until someone changes it.
export const csmAssignments = pgTable(
  'csm_assignments',
  {
    portalId: portalId(),
    companyId: text('company_id').notNull(),
    ownerId: text('owner_id').notNull(),
    reason: text('reason', { enum: ['company_owner_is_csm', 'least_loaded_csm'] }).notNull(),
    touchModel: text('touch_model', { enum: ['high_touch', 'low_touch', 'tech_touch'] }).notNull(),
    detail: text('detail').notNull(),
    dealId: text('deal_id').notNull(),
    assignedAt: timestamp('assigned_at', { withTimezone: true, mode: 'string' }).notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.portalId, table.companyId] }),
    index('csm_assignments_owner_idx').on(table.portalId, table.ownerId),
  ],
);
