import { bigint, boolean, integer, pgTable, timestamp } from 'drizzle-orm/pg-core';

/**
 * The portal's deals that look like renewals of a term ending within the window of their start (KPI setting
 * `renewals`), counted over all its deals when they were last derived together (a full sync, a change of the
 * setting): those recorded as "Existing business" without `cs_deal_kind`, and renewals without `cs_contract_start`
 * whose term would move to follow on; and whether the setting had them follow on then.
 */
export const renewalChecks = pgTable('renewal_checks', {
  portalId: bigint('portal_id', { mode: 'number' }).primaryKey(),
  existingBusiness: integer('existing_business').notNull(),
  withoutStart: integer('without_start').notNull(),
  followOn: boolean('follow_on').notNull(),
  checkedAt: timestamp('checked_at', { withTimezone: true }).notNull().defaultNow(),
});
