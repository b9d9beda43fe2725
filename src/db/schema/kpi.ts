import { bigint, boolean, date, index, integer, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';

/**
 * Each company's MRR as a step function of days, kept from its contracts in the transaction that writes
 * them: one row per day its MRR changes (the sum of contract starts minus ends that day, where not zero).
 * The portfolio KPI query reads these steps instead of sorting every contract edge per company.
 */
export const companyMrrSteps = pgTable(
  'company_mrr_steps',
  {
    portalId: bigint('portal_id', { mode: 'number' }).notNull(),
    companyId: text('company_id').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    /** The company's MRR from `day` until `nextDay` (exclusive), in minor units. */
    mrrMinor: bigint('mrr_minor', { mode: 'number' }).notNull(),
    /** The MRR on the day before `day`. */
    previousMrrMinor: bigint('previous_mrr_minor', { mode: 'number' }).notNull(),
    previousDay: date('previous_day', { mode: 'string' }),
    nextDay: date('next_day', { mode: 'string' }),
  },
  (table) => [
    primaryKey({ columns: [table.portalId, table.companyId, table.day] }),
    // A range of periods reads the steps still in force on its first day: those whose next step comes later, or never.
    index('company_mrr_steps_next_day_idx').on(table.portalId, table.nextDay),
  ],
);

/**
 * Each company's MRR by calendar month, kept with its steps: one row per month in which its MRR changes or
 * an upsell or cross-sell deal of it closes. A portfolio KPI query by month reads these rows (one per company
 * that moves) instead of grouping steps per company; quarters and longer periods read the steps.
 */
export const companyMonthlyMrr = pgTable(
  'company_monthly_mrr',
  {
    portalId: bigint('portal_id', { mode: 'number' }).notNull(),
    companyId: text('company_id').notNull(),
    /** The month's first day. */
    month: date('month', { mode: 'string' }).notNull(),
    /** The month of the company's row before this one: a query finds the MRR before its first month on the rows after it. */
    previousMonth: date('previous_month', { mode: 'string' }),
    /** MRR on the previous month's last day, on the month's first day and on its last day, in minor units. */
    mrrBefore: bigint('mrr_before', { mode: 'number' }).notNull(),
    mrrFirstDay: bigint('mrr_first_day', { mode: 'number' }).notNull(),
    mrrLastDay: bigint('mrr_last_day', { mode: 'number' }).notNull(),
    /** Whether the MRR changes to a positive amount on some day after the first. */
    positiveStepAfterFirstDay: boolean('positive_step_after_first_day').notNull(),
    upsellContracts: integer('upsell_contracts').notNull(),
    upsellMrrMinor: bigint('upsell_mrr_minor', { mode: 'number' }).notNull(),
    crossSellContracts: integer('cross_sell_contracts').notNull(),
    crossSellMrrMinor: bigint('cross_sell_mrr_minor', { mode: 'number' }).notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.portalId, table.companyId, table.month] }),
    index('company_monthly_mrr_month_idx').on(table.portalId, table.month),
  ],
);

/**
 * Each company's seats per product on each month's last day, kept with its MRR steps from the contracts that
 * state seats and are active that day; months where they sum to 0 are left out. Seat utilization over periods
 * ending on a month's last day reads these rows instead of spreading every contract over the periods.
 */
export const companySeatMonths = pgTable(
  'company_seat_months',
  {
    portalId: bigint('portal_id', { mode: 'number' }).notNull(),
    companyId: text('company_id').notNull(),
    product: text('product').notNull(),
    /** The month's first day; the seats are those on its last day. */
    month: date('month', { mode: 'string' }).notNull(),
    seats: integer('seats').notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.portalId, table.companyId, table.product, table.month] }),
    // In the order of the monthly active user counts (month, then company), so the two can be merged.
    index('company_seat_months_month_idx').on(table.portalId, table.product, table.month, table.companyId, table.seats),
  ],
);
