import { bigint, date, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { usageEventBodyColumns } from './usage';

const portalId = () => bigint('portal_id', { mode: 'number' }).notNull();

/** What a key opens: `ingest` the ingestion endpoints (it may sit in a product's front end), `api` the portal's /api/v1 data. */
export const apiKeyScopes = ['ingest', 'api'] as const;
export type ApiKeyScope = (typeof apiKeyScopes)[number];

// Only the SHA-256 of a key is kept: the key itself is shown once, when it is created.
export const ingestionApiKeys = pgTable(
  'ingestion_api_keys',
  {
    portalId: portalId(),
    id: text('id').notNull(),
    name: text('name'),
    keyHash: text('key_hash').notNull(),
    keyPrefix: text('key_prefix').notNull(),
    scope: text('scope', { enum: apiKeyScopes }).notNull().default('ingest'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (table) => [
    primaryKey({ columns: [table.portalId, table.id] }),
    uniqueIndex('ingestion_api_keys_hash_idx').on(table.keyHash),
  ],
);

// Events whose account matches no company yet (or a Segment user not yet linked to a group).
export const usagePendingEvents = pgTable(
  'usage_pending_events',
  {
    portalId: portalId(),
    messageId: text('message_id').notNull(),
    accountId: text('account_id'),
    ...usageEventBodyColumns(),
  },
  (table) => [
    primaryKey({ columns: [table.portalId, table.messageId] }),
    index('usage_pending_events_account_idx').on(table.portalId, table.accountId),
  ],
);

// Segment `group` calls: which account a user belongs to.
export const usageUserAccounts = pgTable(
  'usage_user_accounts',
  {
    portalId: portalId(),
    userId: text('user_id').notNull(),
    accountId: text('account_id').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.portalId, table.userId] })],
);

// This table, usage_daily_features and usage_sessions have fillfactor 80 (migration 0003, which drizzle
// cannot declare here): ingestion updates their rows in place, batch after batch.
export const usageDailyActiveUsers = pgTable(
  'usage_daily_active_users',
  {
    portalId: portalId(),
    companyId: text('company_id').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    userId: text('user_id').notNull(),
    eventCount: integer('event_count').notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.portalId, table.companyId, table.day, table.userId] }),
    index('usage_daily_active_users_day_idx').on(table.portalId, table.day),
  ],
);

// Calendar-month MAU kept by ingestion (same statement as the daily rows): the month's distinct users of
// each company, and their count, which only grows when a user's first event of the month is stored. The
// user's first and last active day of the month answer "active in a window that touches a month's edge"
// (the seat utilization window ending on a month's last day) without the daily rows.
export const usageMonthlyActiveUsers = pgTable(
  'usage_monthly_active_users',
  {
    portalId: portalId(),
    companyId: text('company_id').notNull(),
    month: date('month', { mode: 'string' }).notNull(),
    userId: text('user_id').notNull(),
    firstDay: date('first_day', { mode: 'string' }).notNull(),
    lastDay: date('last_day', { mode: 'string' }).notNull(),
  },
  (table) => [
    // Migration 0032 adds INCLUDE (first_day, last_day) to this key, which drizzle cannot declare: the health run
    // reads each customer's months with their days from the key's index alone.
    primaryKey({ columns: [table.portalId, table.companyId, table.month, table.userId] }),
    // The KPI report reads a month's rows by their last active day: DAU and WAU on the month's last day, and
    // the users of a seat window's part of a month (an index-only range scan). Updating a last day is then not
    // heap-only: at most once per user and active day, as often as ingestion adds a daily active user row.
    index('usage_monthly_active_users_month_last_day_idx').on(
      table.portalId,
      table.month,
      table.lastDay,
      table.companyId,
    ),
  ],
);

// Each company's users of each feature in each calendar month, with the first and last day they used it, kept by
// ingestion in the statement that stores the events. The health run's feature users (distinct users per feature
// over the last 30 days) are read from here: a 30-day window's part of a month always touches the month's first or
// last day, where "used in the part" is "first day at or before its end, last day at or after its start". The raw
// events of 30 days grow with how much a product is used; these rows only with its users and features.
export const usageMonthlyFeatureUsers = pgTable(
  'usage_monthly_feature_users',
  {
    portalId: portalId(),
    month: date('month', { mode: 'string' }).notNull(),
    companyId: text('company_id').notNull(),
    feature: text('feature').notNull(),
    userId: text('user_id').notNull(),
    firstDay: date('first_day', { mode: 'string' }).notNull(),
    lastDay: date('last_day', { mode: 'string' }).notNull(),
  },
  // Month first: the health run reads two months of every company.
  (table) => [
    // Migration 0034 adds INCLUDE (first_day, last_day) to this key, which drizzle cannot declare: the health run reads
    // the last 30 days' feature users from the key's index alone.
    primaryKey({ columns: [table.portalId, table.month, table.companyId, table.feature, table.userId] }),
  ],
);

// Keyed by month first: the KPI query reads a range of months for every company.
export const usageMonthlyActiveUserCounts = pgTable(
  'usage_monthly_active_user_counts',
  {
    portalId: portalId(),
    month: date('month', { mode: 'string' }).notNull(),
    companyId: text('company_id').notNull(),
    users: integer('users').notNull(),
  },
  (table) => [primaryKey({ columns: [table.portalId, table.month, table.companyId] })],
);

export const usageDailyFeatures = pgTable(
  'usage_daily_features',
  {
    portalId: portalId(),
    companyId: text('company_id').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    feature: text('feature').notNull(),
    eventCount: integer('event_count').notNull(),
  },
  // No (portal, day) index: every reader names its company, so the primary key serves it, and each new
  // feature day would otherwise cost ingestion a second index insertion.
  (table) => [primaryKey({ columns: [table.portalId, table.companyId, table.day, table.feature] })],
);

// sessionKey is the sender's session id, or '' for sessions split at the inactivity gap (domain §3).
export const usageSessions = pgTable(
  'usage_sessions',
  {
    portalId: portalId(),
    companyId: text('company_id').notNull(),
    userId: text('user_id').notNull(),
    sessionKey: text('session_key').notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    startDay: date('start_day', { mode: 'string' }).notNull(),
    lengthMilliseconds: bigint('length_milliseconds', { mode: 'number' }).notNull(),
    // With the start, length and latest end, the last event's time lets late events merge without raw events.
    lastEventAt: timestamp('last_event_at', { withTimezone: true }).notNull(),
    activeUntil: timestamp('active_until', { withTimezone: true }).notNull(),
    eventCount: integer('event_count').notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.portalId, table.companyId, table.userId, table.sessionKey, table.startedAt] }),
    // With the length, the health inputs read a range of companies' sessions from it alone (an index-only range
    // scan); without it, each of the recompute's statements scanned every session of the portal for its half.
    index('usage_sessions_day_idx').on(table.portalId, table.companyId, table.startDay, table.lengthMilliseconds),
    // The KPI report reads each period's sessions from it alone (an index-only range scan), then sorts only them.
    index('usage_sessions_start_day_idx').on(table.portalId, table.startDay, table.companyId, table.lengthMilliseconds),
  ],
);

// Each company's stored sessions per start day, counted and their lengths summed, kept with the sessions in the
// statement that replaces them (a merge or split moves its totals from the old sessions to the new ones). The
// health run's minutes per active user read these, one row per company and day, rather than every session.
export const usageDailySessionTotals = pgTable(
  'usage_daily_session_totals',
  {
    portalId: portalId(),
    companyId: text('company_id').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    sessions: integer('sessions').notNull(),
    lengthMilliseconds: bigint('length_milliseconds', { mode: 'number' }).notNull(),
  },
  (table) => [
    // Migration 0033 adds INCLUDE (sessions, length_milliseconds) to this key, which drizzle cannot declare: the health
    // run reads a range of companies' totals from the key's index alone.
    primaryKey({ columns: [table.portalId, table.companyId, table.day] }),
  ],
);

// One row per slot of a portal's users (a hash of company and user, 2^31 slots: about one row per user): a
// batch locks its slots' rows, in order, before it recomputes sessions. Row locks live in the rows, not in
// Postgres' shared lock table, which an advisory lock per user exhausted under concurrent large batches.
export const usageUserLockSlots = pgTable(
  'usage_user_lock_slots',
  {
    portalId: portalId(),
    slot: integer('slot').notNull(),
  },
  (table) => [primaryKey({ columns: [table.portalId, table.slot] })],
);
