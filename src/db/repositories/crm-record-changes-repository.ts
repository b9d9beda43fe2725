import { and, eq, inArray, lt } from 'drizzle-orm';
import type { Executor } from '../client';
import { companies, contracts, dealCompanies, deals } from '../schema';
import { refreshCompanyMrr } from './company-mrr-repository';
import { syncStepStartedAt } from './sync-state-repository';

export interface StoredDealStage {
  readonly id: string;
  readonly stageId: string | null;
  readonly archived: boolean;
}

/** The stored stage of each of these deals, to tell which ones a change moves into closed won. */
export async function storedDealStages(
  db: Executor,
  portalId: number,
  dealIds: readonly string[],
): Promise<Map<string, StoredDealStage>> {
  if (dealIds.length === 0) return new Map();
  const rows = await db
    .select({ id: deals.id, stageId: deals.stageId, archived: deals.archived })
    .from(deals)
    .where(and(eq(deals.portalId, portalId), inArray(deals.id, [...dealIds])));
  return new Map(rows.map((row) => [row.id, row]));
}

/** Deleted in HubSpot: the rows stay (history refers to them) but count nowhere; a restore brings them back. */
export async function archiveCompanies(db: Executor, portalId: number, companyIds: readonly string[]): Promise<void> {
  if (companyIds.length === 0) return;
  await db
    .update(companies)
    .set({ archived: true, syncedAt: new Date() })
    .where(and(eq(companies.portalId, portalId), inArray(companies.id, [...companyIds])));
}

/** A deleted deal is no contract and links no company any more. */
export async function archiveDeals(db: Executor, portalId: number, dealIds: readonly string[]): Promise<void> {
  if (dealIds.length === 0) return;
  await db.transaction((transaction) => archiveInTransaction(transaction, portalId, [...dealIds]));
}

async function archiveInTransaction(db: Executor, portalId: number, ids: string[]): Promise<void> {
  await db
    .update(deals)
    .set({ archived: true, syncedAt: new Date() })
    .where(and(eq(deals.portalId, portalId), inArray(deals.id, ids)));
  await db.delete(dealCompanies).where(and(eq(dealCompanies.portalId, portalId), inArray(dealCompanies.dealId, ids)));
  const removed = await db
    .delete(contracts)
    .where(and(eq(contracts.portalId, portalId), inArray(contracts.dealId, ids)))
    .returning({ companyId: contracts.companyId });
  await refreshCompanyMrr(
    db,
    portalId,
    removed.map((row) => row.companyId),
  );
}

/** Deals linked to any of these companies (whose contracts a company's deletion or merge may move). */
export async function dealIdsOfCompanies(
  db: Executor,
  portalId: number,
  companyIds: readonly string[],
): Promise<string[]> {
  if (companyIds.length === 0) return [];
  const rows = await db
    .selectDistinct({ dealId: dealCompanies.dealId })
    .from(dealCompanies)
    .where(and(eq(dealCompanies.portalId, portalId), inArray(dealCompanies.companyId, [...companyIds])));
  return rows.map((row) => row.dealId);
}

/**
 * Companies a complete listing did not return are gone from HubSpot (deleted, or merged away, while no webhook told
 * the service): archived, their records kept. Every company the listing returned was stored after the step started.
 */
export async function archiveCompaniesNotListed(db: Executor, portalId: number): Promise<number> {
  const startedAt = await syncStepStartedAt(db, portalId, 'companies');
  if (startedAt === null) return 0;
  const archived = await db
    .update(companies)
    .set({ archived: true, syncedAt: new Date() })
    .where(and(eq(companies.portalId, portalId), eq(companies.archived, false), lt(companies.syncedAt, startedAt)))
    .returning({ id: companies.id });
  return archived.length;
}

/** Deals a complete listing did not return: archived with their company links and contracts, as a deletion is. */
export async function archiveDealsNotListed(db: Executor, portalId: number): Promise<number> {
  const startedAt = await syncStepStartedAt(db, portalId, 'deals');
  if (startedAt === null) return 0;
  const gone = await db
    .select({ id: deals.id })
    .from(deals)
    .where(and(eq(deals.portalId, portalId), eq(deals.archived, false), lt(deals.syncedAt, startedAt)));
  if (gone.length > 0)
    await archiveInTransaction(
      db,
      portalId,
      gone.map((deal) => deal.id),
    );
  return gone.length;
}
