import { and, eq, sql } from 'drizzle-orm';
import type { Executor } from '../client';
import { syncStates } from '../schema';

export type SyncState = typeof syncStates.$inferSelect;

export async function listSyncStates(db: Executor, portalId: number): Promise<SyncState[]> {
  return db.select().from(syncStates).where(eq(syncStates.portalId, portalId)).orderBy(syncStates.objectType);
}

/** Marks an object type as started from the beginning (no cursor). */
export async function startSyncState(db: Executor, portalId: number, objectType: string): Promise<void> {
  const values = {
    status: 'running' as const,
    cursor: null,
    recordsSynced: 0,
    // The database's clock, which stamps the records a step stores: the step's end sweeps by comparing the two.
    startedAt: sql`now()`,
    completedAt: null,
    lastError: null,
    updatedAt: new Date(),
  };
  await db
    .insert(syncStates)
    .values({ portalId, objectType, ...values })
    .onConflictDoUpdate({ target: [syncStates.portalId, syncStates.objectType], set: values });
}

/** Records a committed page: call it in the same transaction as the page's rows. */
export async function advanceSyncCursor(
  db: Executor,
  portalId: number,
  objectType: string,
  cursor: string | null,
  recordsInPage: number,
): Promise<void> {
  await db
    .update(syncStates)
    .set({ cursor, recordsSynced: sql`${syncStates.recordsSynced} + ${recordsInPage}`, updatedAt: new Date() })
    .where(and(eq(syncStates.portalId, portalId), eq(syncStates.objectType, objectType)));
}

export async function finishSyncState(
  db: Executor,
  portalId: number,
  objectType: string,
  status: 'complete' | 'failed',
  lastError?: string,
): Promise<void> {
  await db
    .update(syncStates)
    .set({
      status,
      completedAt: status === 'complete' ? new Date() : null,
      lastError: lastError ?? null,
      updatedAt: new Date(),
    })
    .where(and(eq(syncStates.portalId, portalId), eq(syncStates.objectType, objectType)));
}

/** Marks every object type of a finished run idle, so the next full sync starts from the top. */
export async function resetSyncStates(db: Executor, portalId: number): Promise<void> {
  await db
    .update(syncStates)
    .set({ status: 'idle', cursor: null, updatedAt: new Date() })
    .where(eq(syncStates.portalId, portalId));
}

/** When the full sync's step for `objectType` started reading from its first page (kept across a resumed run). */
export async function syncStepStartedAt(db: Executor, portalId: number, objectType: string): Promise<Date | null> {
  const [state] = await db
    .select({ startedAt: syncStates.startedAt })
    .from(syncStates)
    .where(and(eq(syncStates.portalId, portalId), eq(syncStates.objectType, objectType)));
  return state?.startedAt ?? null;
}
