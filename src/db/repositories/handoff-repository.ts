import { and, asc, eq, sql } from 'drizzle-orm';
import type { Executor } from '../client';
import { companies, dealCompanies, deals, handoffEngagements, handoffs, owners } from '../schema';

export type HandoffRow = typeof handoffs.$inferSelect;
export type HandoffEngagementRow = typeof handoffEngagements.$inferSelect;
export type HandoffEngagementKind = HandoffEngagementRow['kind'];
export type DealRecord = typeof deals.$inferSelect;
export type CompanyRecord = typeof companies.$inferSelect;
export type OwnerRecord = typeof owners.$inferSelect;

/** The synced deal with its company ids, primary first (domain §1.1). */
export async function findDealWithCompanies(
  db: Executor,
  portalId: number,
  dealId: string,
): Promise<{ deal: DealRecord; companyIds: string[] } | null> {
  const [deal] = await db
    .select()
    .from(deals)
    .where(and(eq(deals.portalId, portalId), eq(deals.id, dealId)));
  if (!deal) return null;
  const links = await db
    .select({ companyId: dealCompanies.companyId })
    .from(dealCompanies)
    .where(and(eq(dealCompanies.portalId, portalId), eq(dealCompanies.dealId, dealId)))
    .orderBy(asc(dealCompanies.position), asc(dealCompanies.companyId));
  return { deal, companyIds: links.map((link) => link.companyId) };
}

export async function findCompany(db: Executor, portalId: number, companyId: string): Promise<CompanyRecord | null> {
  const [row] = await db
    .select()
    .from(companies)
    .where(and(eq(companies.portalId, portalId), eq(companies.id, companyId)));
  return row ?? null;
}

export async function findOwner(db: Executor, portalId: number, ownerId: string): Promise<OwnerRecord | null> {
  const [row] = await db
    .select()
    .from(owners)
    .where(and(eq(owners.portalId, portalId), eq(owners.id, ownerId)));
  return row ?? null;
}

export async function findHandoff(db: Executor, portalId: number, dealId: string): Promise<HandoffRow | null> {
  const [row] = await db
    .select()
    .from(handoffs)
    .where(and(eq(handoffs.portalId, portalId), eq(handoffs.dealId, dealId)));
  return row ?? null;
}

export type HandoffState = Pick<
  HandoffRow,
  'portalId' | 'dealId' | 'companyId' | 'dealKind' | 'missingFields' | 'incomplete' | 'csmOwnerId'
>;

/** Creates the hand-off or brings its state up to date: a replayed event lands on the same row. */
export async function saveHandoffState(db: Executor, state: HandoffState): Promise<HandoffRow> {
  const [row] = await db
    .insert(handoffs)
    .values(state)
    .onConflictDoUpdate({
      target: [handoffs.portalId, handoffs.dealId],
      set: {
        companyId: state.companyId,
        dealKind: state.dealKind,
        missingFields: state.missingFields,
        incomplete: state.incomplete,
        csmOwnerId: state.csmOwnerId,
        updatedAt: sql`now()`,
      },
    })
    .returning();
  if (!row) throw new Error(`Hand-off of deal ${state.dealId} was not written`);
  return row;
}

export async function markOnboardingEnsured(db: Executor, portalId: number, dealId: string): Promise<void> {
  await db
    .update(handoffs)
    .set({ onboardingEnsuredAt: sql`coalesce(${handoffs.onboardingEnsuredAt}, now())`, updatedAt: sql`now()` })
    .where(and(eq(handoffs.portalId, portalId), eq(handoffs.dealId, dealId)));
}

export async function listHandoffEngagements(
  db: Executor,
  portalId: number,
  dealId: string,
): Promise<HandoffEngagementRow[]> {
  return db
    .select()
    .from(handoffEngagements)
    .where(and(eq(handoffEngagements.portalId, portalId), eq(handoffEngagements.dealId, dealId)))
    .orderBy(asc(handoffEngagements.kind));
}

/**
 * Records that a create is about to be sent; `inserted` is false when an earlier attempt got this far, and
 * that row keeps its first start, so the look-up after a crash searches from the earliest possible moment.
 */
export async function startHandoffEngagement(
  db: Executor,
  row: Pick<HandoffEngagementRow, 'portalId' | 'dealId' | 'kind' | 'objectType' | 'marker' | 'startedAt'>,
): Promise<{ row: HandoffEngagementRow; inserted: boolean }> {
  const [inserted] = await db.insert(handoffEngagements).values(row).onConflictDoNothing().returning();
  if (inserted) return { row: inserted, inserted: true };
  const [stored] = await db
    .select()
    .from(handoffEngagements)
    .where(
      and(
        eq(handoffEngagements.portalId, row.portalId),
        eq(handoffEngagements.dealId, row.dealId),
        eq(handoffEngagements.kind, row.kind),
      ),
    );
  if (!stored) throw new Error(`Hand-off ${row.kind} of deal ${row.dealId} was not written`);
  return { row: stored, inserted: false };
}

export async function recordHandoffEngagement(
  db: Executor,
  key: Pick<HandoffEngagementRow, 'portalId' | 'dealId' | 'kind'>,
  update: Partial<Pick<HandoffEngagementRow, 'hubspotId' | 'contentHash' | 'closedAt'>>,
): Promise<void> {
  await db
    .update(handoffEngagements)
    .set({ ...update, updatedAt: sql`now()` })
    .where(
      and(
        eq(handoffEngagements.portalId, key.portalId),
        eq(handoffEngagements.dealId, key.dealId),
        eq(handoffEngagements.kind, key.kind),
      ),
    );
}
