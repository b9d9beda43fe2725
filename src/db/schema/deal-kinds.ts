import { bigint, boolean, integer, pgTable, timestamp } from 'drizzle-orm/pg-core';

/**
 * How many of the portal's "Existing business" deals without `cs_deal_kind` continue a contract as a renewal would,
 * counted over all its deals when they were last derived together (a full sync, a change of the KPI setting
 * `existingBusinessDeals`), and whether the setting counted them as renewals then or left them upsells.
 */
export const existingBusinessChecks = pgTable('existing_business_checks', {
  portalId: bigint('portal_id', { mode: 'number' }).primaryKey(),
  renewals: integer('renewals').notNull(),
  recognized: boolean('recognized').notNull(),
  checkedAt: timestamp('checked_at', { withTimezone: true }).notNull().defaultNow(),
});
