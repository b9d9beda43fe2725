import { bigint, index, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

// Who did what from the company card: the audit trail of the card's actions, and the link from a
// suggestion to the HubSpot deal created from it (so the card does not offer it twice).
export const cardActions = pgTable(
  'card_actions',
  {
    portalId: bigint('portal_id', { mode: 'number' }).notNull(),
    id: text('id').notNull(),
    companyId: text('company_id').notNull(),
    action: text('action', {
      enum: ['set_stage', 'complete_milestone', 'create_suggested_deal', 'dismiss_suggestion', 'create_renewal_deal'],
    }).notNull(),
    /** The stage, milestone key, suggestion id or renewal date acted on. */
    subject: text('subject').notNull(),
    actor: text('actor').notNull(),
    /** The HubSpot deal id for create_suggested_deal and create_renewal_deal. */
    resultId: text('result_id'),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.portalId, table.id] }),
    index('card_actions_company_idx').on(table.portalId, table.companyId, table.action),
  ],
);
