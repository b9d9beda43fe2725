import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../client';
import { contracts } from '../schema';
import { refreshCompanyMrr } from './company-mrr-repository';

export type ContractRow = typeof contracts.$inferInsert;
export type StoredContract = typeof contracts.$inferSelect;

export interface ReplaceContractsOptions {
  /**
   * Leaves the companies' MRR steps and months as they were: for a bulk load (a full sync's deals) whose caller
   * runs rebuildCompanyMrr before it counts as done, instead of refreshing the same companies page after page.
   */
  readonly deferCompanyMrr?: boolean;
}

/** Replaces the contracts derived from these deals; a deal that no longer qualifies loses its contract. */
export async function replaceContractsForDeals(
  db: Executor,
  portalId: number,
  dealIds: readonly string[],
  rows: readonly ContractRow[],
  options: ReplaceContractsOptions = {},
): Promise<void> {
  if (dealIds.length === 0) return;
  // One transaction (a savepoint inside the caller's), so the MRR steps never disagree with the contracts.
  await db.transaction((transaction) => replaceInTransaction(transaction, portalId, dealIds, rows, options));
}

async function replaceInTransaction(
  db: Executor,
  portalId: number,
  dealIds: readonly string[],
  rows: readonly ContractRow[],
  options: ReplaceContractsOptions,
): Promise<void> {
  const refresh = options.deferCompanyMrr !== true;
  // Locked before the change, so the companies the deals belonged to are the latest committed ones.
  const before = refresh ? await companiesOfDeals(db, portalId, dealIds) : [];
  const derived = new Set(rows.map((row) => row.dealId));
  const dropped = dealIds.filter((dealId) => !derived.has(dealId));
  if (dropped.length > 0)
    await db.delete(contracts).where(and(eq(contracts.portalId, portalId), inArray(contracts.dealId, dropped)));
  // An upsert: a hand-off and a webhook batch deriving one deal's contract at once would collide on a delete and insert.
  if (rows.length > 0) {
    await db
      .insert(contracts)
      .values([...rows])
      .onConflictDoUpdate({
        target: [contracts.portalId, contracts.dealId],
        set: {
          companyId: sql`excluded.company_id`,
          kind: sql`excluded.kind`,
          product: sql`excluded.product`,
          mrrMinor: sql`excluded.mrr_minor`,
          startDate: sql`excluded.start_date`,
          endDate: sql`excluded.end_date`,
          closeDate: sql`excluded.close_date`,
          seats: sql`excluded.seats`,
          derivedAt: sql`excluded.derived_at`,
        },
      });
  }
  if (refresh) await refreshCompanyMrr(db, portalId, [...before, ...rows.map((row) => row.companyId)]);
}

async function companiesOfDeals(db: Executor, portalId: number, dealIds: readonly string[]): Promise<string[]> {
  const rows = await db
    .select({ companyId: contracts.companyId })
    .from(contracts)
    .where(and(eq(contracts.portalId, portalId), inArray(contracts.dealId, [...dealIds])))
    .for('update');
  return rows.map((row) => row.companyId);
}

export async function listContracts(db: Executor, portalId: number, companyId?: string): Promise<StoredContract[]> {
  return db
    .select()
    .from(contracts)
    .where(
      and(eq(contracts.portalId, portalId), companyId === undefined ? undefined : eq(contracts.companyId, companyId)),
    )
    .orderBy(contracts.companyId, contracts.startDate, contracts.dealId);
}

export async function countContracts(db: Executor, portalId: number): Promise<number> {
  const [row] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(contracts)
    .where(eq(contracts.portalId, portalId));
  return row?.count ?? 0;
}
