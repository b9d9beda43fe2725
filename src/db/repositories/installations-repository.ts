import { and, asc, eq, ne } from 'drizzle-orm';
import type { Executor } from '../client';
import { installations } from '../schema';

export type InstallationRow = typeof installations.$inferSelect;
export type NewInstallationRow = typeof installations.$inferInsert;

/** A (re)install replaces the portal's tokens and makes it active again. */
export async function upsertInstallation(db: Executor, row: NewInstallationRow): Promise<InstallationRow> {
  const { portalId: _portalId, installedAt: _installedAt, ...changes } = row;
  const [stored] = await db
    .insert(installations)
    .values(row)
    .onConflictDoUpdate({
      target: installations.portalId,
      set: {
        ...changes,
        status: 'active',
        statusReason: null,
        uninstalledAt: null,
        dataDeletionDueAt: null,
        updatedAt: new Date(),
      },
    })
    .returning();
  if (!stored) throw new Error(`Installation of portal ${row.portalId} was not stored`);
  return stored;
}

export async function findInstallation(db: Executor, portalId: number): Promise<InstallationRow | undefined> {
  const [row] = await db.select().from(installations).where(eq(installations.portalId, portalId));
  return row;
}

export async function listInstallations(db: Executor): Promise<InstallationRow[]> {
  return db.select().from(installations).orderBy(asc(installations.portalId));
}

export interface TokenUpdate {
  readonly accessTokenSealed: string;
  readonly refreshTokenSealed: string;
  readonly accessTokenExpiresAt: Date;
}

export async function updateInstallationTokens(db: Executor, portalId: number, tokens: TokenUpdate): Promise<void> {
  await db
    .update(installations)
    .set({ ...tokens, updatedAt: new Date() })
    .where(eq(installations.portalId, portalId));
}

/** Only an active installation: a refresh refused because the app was uninstalled must not hide the uninstall. */
export async function markInstallationNeedsReinstall(db: Executor, portalId: number, reason: string): Promise<void> {
  await db
    .update(installations)
    .set({ status: 'needs_reinstall', statusReason: reason, updatedAt: new Date() })
    .where(and(eq(installations.portalId, portalId), eq(installations.status, 'active')));
}

export async function deleteInstallation(db: Executor, portalId: number): Promise<boolean> {
  const deleted = await db
    .delete(installations)
    .where(eq(installations.portalId, portalId))
    .returning({ portalId: installations.portalId });
  return deleted.length > 0;
}

/**
 * The app was removed in HubSpot: the installation stops serving and its data is due for deletion. A repeated
 * report keeps the first dates. `undefined` when the portal has no OAuth installation here.
 */
export async function markInstallationUninstalled(
  db: Executor,
  portalId: number,
  uninstalledAt: Date,
  dataDeletionDueAt: Date,
): Promise<InstallationRow | undefined> {
  await db
    .update(installations)
    .set({
      status: 'uninstalled',
      statusReason: 'app_uninstalled',
      uninstalledAt,
      dataDeletionDueAt,
      updatedAt: new Date(),
    })
    .where(and(eq(installations.portalId, portalId), ne(installations.status, 'uninstalled')));
  return findInstallation(db, portalId);
}

/** Portals whose app was removed in HubSpot: nothing is synced or scheduled for them any more. */
export async function listUninstalledPortalIds(db: Executor): Promise<Set<number>> {
  const rows = await db
    .select({ portalId: installations.portalId })
    .from(installations)
    .where(eq(installations.status, 'uninstalled'));
  return new Set(rows.map((row) => row.portalId));
}
