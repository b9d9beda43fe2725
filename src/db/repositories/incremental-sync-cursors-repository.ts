import { and, eq } from 'drizzle-orm';
import type { Executor } from '../client';
import { incrementalSyncCursors } from '../schema';

export type IncrementalObjectType = (typeof incrementalSyncCursors.$inferInsert)['objectType'];

export async function findModifiedSince(
  db: Executor,
  portalId: number,
  objectType: IncrementalObjectType,
): Promise<Date | undefined> {
  const [row] = await db
    .select({ modifiedSince: incrementalSyncCursors.modifiedSince })
    .from(incrementalSyncCursors)
    .where(and(eq(incrementalSyncCursors.portalId, portalId), eq(incrementalSyncCursors.objectType, objectType)));
  return row?.modifiedSince;
}

/** Moves the high-water mark: call it in the transaction that stored the records modified before it. */
export async function advanceModifiedSince(
  db: Executor,
  portalId: number,
  objectType: IncrementalObjectType,
  modifiedSince: Date,
): Promise<void> {
  await db
    .insert(incrementalSyncCursors)
    .values({ portalId, objectType, modifiedSince, lastRunAt: new Date() })
    .onConflictDoUpdate({
      target: [incrementalSyncCursors.portalId, incrementalSyncCursors.objectType],
      set: { modifiedSince, lastRunAt: new Date() },
    });
}
