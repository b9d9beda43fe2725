import { bigint, index, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

/** `uninstalled`: removed in HubSpot; the portal is no longer synced and its data is deleted at `dataDeletionDueAt`. */
export const installationStatuses = ['active', 'needs_reinstall', 'uninstalled'] as const;

/** A portal that installed the app through OAuth; both tokens are sealed with AES-256-GCM (src/config/secrets). */
export const installations = pgTable(
  'installations',
  {
    portalId: bigint('portal_id', { mode: 'number' }).notNull(),
    status: text('status', { enum: installationStatuses }).notNull().default('active'),
    /** Why the installation needs a reinstall (HubSpot's error status, never a token). */
    statusReason: text('status_reason'),
    scopes: jsonb('scopes').$type<string[]>().notNull().default([]),
    hubDomain: text('hub_domain'),
    installedByUserId: bigint('installed_by_user_id', { mode: 'number' }),
    accessTokenSealed: text('access_token_sealed').notNull(),
    refreshTokenSealed: text('refresh_token_sealed').notNull(),
    accessTokenExpiresAt: timestamp('access_token_expires_at', { withTimezone: true }).notNull(),
    installedAt: timestamp('installed_at', { withTimezone: true }).notNull().defaultNow(),
    uninstalledAt: timestamp('uninstalled_at', { withTimezone: true }),
    dataDeletionDueAt: timestamp('data_deletion_due_at', { withTimezone: true }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.portalId] })],
);

/**
 * The one table without a portal: the OAuth `state` of installs under way, before HubSpot says which portal it is.
 * Only a hash is kept; a row is consumed by its callback or expires after minutes.
 */
export const oauthInstallStates = pgTable(
  'oauth_install_states',
  {
    stateHash: text('state_hash').primaryKey(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index('oauth_install_states_expires_idx').on(table.expiresAt)],
);

/** How far the app has read HubSpot's webhooks journal (app-wide, like the journal): the last entry it processed. */
export const webhooksJournalCursors = pgTable('webhooks_journal_cursors', {
  journal: text('journal').primaryKey(),
  offset: text('offset').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
