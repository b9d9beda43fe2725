import { bigint, boolean, integer, jsonb, pgTable, timestamp } from 'drizzle-orm/pg-core';

/** Closed-won deals of one deal type neither domain §1.1 nor the KPI setting `dealTypes` reads: new business. */
export interface UnknownDealType {
  /** The type's internal value as HubSpot stores it (the first spelling met, when several differ in case). */
  readonly dealType: string;
  readonly deals: number;
}

/** Closed-won deals of a pipeline other than the default with neither `cs_deal_kind` nor a deal type: new business. */
export interface UnreadPipeline {
  /** The pipeline's label (its id when the sync no longer has it). */
  readonly pipeline: string;
  readonly deals: number;
}

/**
 * The portal's deals that look like renewals of a term ending within the window of their start (KPI setting
 * `renewals`), counted over all its deals when they were last derived together (a full sync, a change of the
 * setting): those recorded as "Existing business" without `cs_deal_kind`, and renewals without `cs_contract_start`
 * whose term would move to follow on; and whether the setting had them follow on then. Also the deals whose deal type
 * the portal's KPI settings do not read (`unknownDealTypes`), and those of other pipelines that state no kind at all
 * (`unreadPipelines`), and the add-ons bought into a term that end on another day than it (`addOnsOffTerm`: co-termed
 * when `coTermAddOns` was on), counted in the same pass.
 */
export const renewalChecks = pgTable('renewal_checks', {
  portalId: bigint('portal_id', { mode: 'number' }).primaryKey(),
  existingBusiness: integer('existing_business').notNull(),
  withoutStart: integer('without_start').notNull(),
  followOn: boolean('follow_on').notNull(),
  unknownDealTypes: jsonb('unknown_deal_types').$type<UnknownDealType[]>().notNull().default([]),
  unreadPipelines: jsonb('unread_pipelines').$type<UnreadPipeline[]>().notNull().default([]),
  addOnsOffTerm: integer('add_ons_off_term').notNull().default(0),
  coTermAddOns: boolean('co_term_add_ons').notNull().default(false),
  checkedAt: timestamp('checked_at', { withTimezone: true }).notNull().defaultNow(),
});
