import { eq, sql } from 'drizzle-orm';
import type { Executor } from '../client';
import { existingBusinessChecks } from '../schema';

export type ExistingBusinessCheck = typeof existingBusinessChecks.$inferSelect;

export async function recordExistingBusinessCheck(
  db: Executor,
  portalId: number,
  check: { readonly renewals: number; readonly recognized: boolean },
): Promise<void> {
  await db
    .insert(existingBusinessChecks)
    .values({ portalId, ...check })
    .onConflictDoUpdate({
      target: existingBusinessChecks.portalId,
      set: { renewals: check.renewals, recognized: check.recognized, checkedAt: sql`now()` },
    });
}

export async function findExistingBusinessCheck(
  db: Executor,
  portalId: number,
): Promise<ExistingBusinessCheck | undefined> {
  const [row] = await db.select().from(existingBusinessChecks).where(eq(existingBusinessChecks.portalId, portalId));
  return row;
}
