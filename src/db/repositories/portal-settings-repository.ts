import { and, desc, eq, sql } from 'drizzle-orm';
import type { Executor } from '../client';
import type { SettingsKind } from '../../domain/settings/settings-kind';
import { portalSettings, portalSettingsHistory } from '../schema';

export type StoredSettingsRow = typeof portalSettings.$inferSelect;
export type SettingsHistoryRow = typeof portalSettingsHistory.$inferSelect;

/** Every kind of settings the portal has stored (kinds it never set are absent). */
export async function listStoredSettings(db: Executor, portalId: number): Promise<StoredSettingsRow[]> {
  return db.select().from(portalSettings).where(eq(portalSettings.portalId, portalId));
}

export async function findStoredSettings(
  db: Executor,
  portalId: number,
  kind: SettingsKind,
): Promise<StoredSettingsRow | undefined> {
  const [row] = await db
    .select()
    .from(portalSettings)
    .where(and(eq(portalSettings.portalId, portalId), eq(portalSettings.kind, kind)));
  return row;
}

export interface SettingsChange {
  readonly portalId: number;
  readonly kind: SettingsKind;
  readonly value: unknown;
  readonly changedBy: string;
}

/**
 * Replaces the portal's settings of one kind and records the change in its history. Run it in a transaction:
 * the upsert's row lock orders concurrent changes, so each gets its own version.
 */
export async function storeSettings(db: Executor, change: SettingsChange): Promise<StoredSettingsRow> {
  const [stored] = await db
    .insert(portalSettings)
    .values({
      portalId: change.portalId,
      kind: change.kind,
      value: change.value,
      version: 1,
      updatedBy: change.changedBy,
    })
    .onConflictDoUpdate({
      target: [portalSettings.portalId, portalSettings.kind],
      set: {
        value: change.value,
        version: sql`${portalSettings.version} + 1`,
        updatedAt: sql`now()`,
        updatedBy: change.changedBy,
      },
    })
    .returning();
  if (!stored) throw new Error(`${change.kind} settings of portal ${change.portalId} were not stored`);
  await db.insert(portalSettingsHistory).values({
    portalId: stored.portalId,
    kind: stored.kind,
    version: stored.version,
    value: stored.value,
    changedAt: stored.updatedAt,
    changedBy: stored.updatedBy,
  });
  return stored;
}

/** The newest changes first. */
export async function listSettingsHistory(
  db: Executor,
  portalId: number,
  kind: SettingsKind,
  limit: number,
): Promise<SettingsHistoryRow[]> {
  return db
    .select()
    .from(portalSettingsHistory)
    .where(and(eq(portalSettingsHistory.portalId, portalId), eq(portalSettingsHistory.kind, kind)))
    .orderBy(desc(portalSettingsHistory.version))
    .limit(limit);
}
