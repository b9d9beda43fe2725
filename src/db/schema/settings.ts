import { bigint, integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { settingsKinds } from '../../domain/settings/settings-kind';

/**
 * A portal's own settings of one kind, as the caller sent them (validated): what is not set takes the
 * schema's default when read, so a default changed in code reaches every portal that did not set it.
 */
export const portalSettings = pgTable(
  'portal_settings',
  {
    portalId: bigint('portal_id', { mode: 'number' }).notNull(),
    kind: text('kind', { enum: settingsKinds }).notNull(),
    value: jsonb('value').$type<unknown>().notNull(),
    /** 1 for the first change of this kind, then one more per change; the history row of the same version holds it too. */
    version: integer('version').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
    updatedBy: text('updated_by').notNull(),
  },
  (table) => [primaryKey({ columns: [table.portalId, table.kind] })],
);

/** Every change of a portal's settings: who, when and the value, never rewritten. */
export const portalSettingsHistory = pgTable(
  'portal_settings_history',
  {
    portalId: bigint('portal_id', { mode: 'number' }).notNull(),
    kind: text('kind', { enum: settingsKinds }).notNull(),
    version: integer('version').notNull(),
    value: jsonb('value').$type<unknown>().notNull(),
    changedAt: timestamp('changed_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
    changedBy: text('changed_by').notNull(),
  },
  (table) => [primaryKey({ columns: [table.portalId, table.kind, table.version] })],
);
