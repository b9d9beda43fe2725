import { sql } from 'drizzle-orm';
import { bigint, boolean, index, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * The portfolio KPI aggregates of one closed period (one cut, one set of settings), kept so a report over
 * many months recomputes only what changed. An entry is used only while no input change it did not see
 * (see kpi_input_changes) could reach its period.
 */
export const kpiPeriodCache = pgTable(
  'kpi_period_cache',
  {
    portalId: bigint('portal_id', { mode: 'number' }).notNull(),
    /** A hash of everything the aggregates depend on besides the data: period, time zone, cut, settings. */
    cacheKey: text('cache_key').notNull(),
    cut: text('cut'),
    /** 'each-company' or 'group': hierarchy changes reach only the entries that count groups as customers. */
    customers: text('customers').notNull(),
    /** Whether the entry split sessions from the raw events (which retention deletes) instead of the stored sessions. */
    readsRawEvents: boolean('reads_raw_events').notNull(),
    /** The instant the period ends: no input dated at or after it can change the entry. */
    periodEnd: timestamp('period_end', { withTimezone: true }).notNull(),
    /** `pg_current_snapshot()` taken before the aggregates were computed, as text. */
    snapshot: text('snapshot').notNull(),
    rows: jsonb('rows').notNull(),
    computedAt: timestamp('computed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.portalId, table.cacheKey] })],
);

/**
 * Written by triggers on every table the KPI aggregates read: one row per statement and portal whose rows are
 * dated early enough to reach a period old enough to be kept. `changedFrom` is a lower bound of the end of any
 * period the change can alter; `scope` narrows a change of company attributes to the entries it can reach.
 */
export const kpiInputChanges = pgTable(
  'kpi_input_changes',
  {
    portalId: bigint('portal_id', { mode: 'number' }).notNull(),
    changedFrom: timestamp('changed_from', { withTimezone: true }).notNull(),
    /**
     * null: any entry; 'companies': entries with a cut or counting groups; a cut's name; 'hierarchy': entries
     * counting groups; 'raw-events': entries that read the raw events.
     */
    scope: text('scope'),
    /** The writing transaction's id (`pg_current_xact_id()`), checked against an entry's snapshot. */
    transactionId: bigint('transaction_id', { mode: 'bigint' })
      .notNull()
      .default(sql`(pg_current_xact_id()::text::bigint)`),
    loggedAt: timestamp('logged_at', { withTimezone: true })
      .notNull()
      .default(sql`statement_timestamp()`),
  },
  (table) => [index('kpi_input_changes_portal_idx').on(table.portalId, table.changedFrom)],
);
