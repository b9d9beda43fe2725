import { eq, sql } from 'drizzle-orm';
import type { Executor } from '../client';
import { renewalChecks } from '../schema';
import type { UnknownDealType, UnreadPipeline } from '../schema/renewal-checks';

export type RenewalCheck = typeof renewalChecks.$inferSelect;

export async function recordRenewalCheck(
  db: Executor,
  portalId: number,
  check: {
    readonly existingBusiness: number;
    readonly withoutStart: number;
    readonly followOn: boolean;
    readonly unknownDealTypes: UnknownDealType[];
    readonly unreadPipelines: UnreadPipeline[];
    readonly addOnsOffTerm: number;
    readonly coTermAddOns: boolean;
  },
): Promise<void> {
  await db
    .insert(renewalChecks)
    .values({ portalId, ...check })
    .onConflictDoUpdate({ target: renewalChecks.portalId, set: { ...check, checkedAt: sql`now()` } });
}

export async function findRenewalCheck(db: Executor, portalId: number): Promise<RenewalCheck | undefined> {
  const [row] = await db.select().from(renewalChecks).where(eq(renewalChecks.portalId, portalId));
  return row;
}
