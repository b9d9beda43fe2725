import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Executor } from '../client';
import { closedWonTransitions } from '../schema';

/** Records deals that just entered closed won; a deal that re-enters is to be told again. */
export async function recordClosedWonTransitions(
  db: Executor,
  portalId: number,
  dealIds: readonly string[],
): Promise<void> {
  if (dealIds.length === 0) return;
  await db
    .insert(closedWonTransitions)
    .values(dealIds.map((dealId) => ({ portalId, dealId })))
    .onConflictDoUpdate({
      target: [closedWonTransitions.portalId, closedWonTransitions.dealId],
      set: { enteredAt: sql`now()`, notifiedAt: null },
    });
}

export async function listUnnotifiedClosedWonDeals(db: Executor, portalId: number): Promise<string[]> {
  const rows = await db
    .select({ dealId: closedWonTransitions.dealId })
    .from(closedWonTransitions)
    .where(and(eq(closedWonTransitions.portalId, portalId), isNull(closedWonTransitions.notifiedAt)))
    .orderBy(asc(closedWonTransitions.enteredAt), asc(closedWonTransitions.dealId));
  return rows.map((row) => row.dealId);
}

export async function markClosedWonNotified(db: Executor, portalId: number, dealIds: readonly string[]): Promise<void> {
  if (dealIds.length === 0) return;
  await db
    .update(closedWonTransitions)
    .set({ notifiedAt: sql`now()` })
    .where(
      and(
        eq(closedWonTransitions.portalId, portalId),
        inArray(closedWonTransitions.dealId, [...dealIds]),
        isNull(closedWonTransitions.notifiedAt),
      ),
    );
}
