import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../client';
import { contracts, deals } from '../schema';
import type { StoredContract } from './contracts-repository';

export interface ContractDeal {
  readonly contract: StoredContract;
  /** The deal's properties as synced, which the contract was derived from. */
  readonly properties: Record<string, string | null>;
}

/** Every contract of these companies with the properties of its deal. */
export async function listContractDeals(
  db: Executor,
  portalId: number,
  companyIds: readonly string[],
): Promise<ContractDeal[]> {
  if (companyIds.length === 0) return [];
  return db
    .select({ contract: contracts, properties: deals.properties })
    .from(contracts)
    .innerJoin(deals, and(eq(deals.portalId, contracts.portalId), eq(deals.id, contracts.dealId)))
    .where(and(eq(contracts.portalId, portalId), inArray(contracts.companyId, [...companyIds])))
    .orderBy(contracts.companyId, contracts.startDate, contracts.dealId);
}

/**
 * The companies with a contract whose deal may follow on as a renewal: "Existing business" with no `cs_deal_kind`, or
 * a renewal with no `cs_contract_start`. Only their contracts can the renewal rule change. (The exact test is the
 * domain's; this one may include more.)
 */
export async function companiesWithRenewalCandidates(db: Executor, portalId: number): Promise<string[]> {
  const kind = sql`coalesce(lower(trim(${deals.properties} ->> 'cs_deal_kind')), '')`;
  const rows = await db
    .selectDistinct({ companyId: contracts.companyId })
    .from(contracts)
    .innerJoin(deals, and(eq(deals.portalId, contracts.portalId), eq(deals.id, contracts.dealId)))
    .where(
      and(
        eq(contracts.portalId, portalId),
        sql`((${kind} = '' and lower(trim(${deals.dealType})) = 'existingbusiness')
          or (${kind} = 'renewal' and coalesce(trim(${deals.properties} ->> 'cs_contract_start'), '') = ''))`,
      ),
    )
    .orderBy(contracts.companyId);
  return rows.map((row) => row.companyId);
}

/** The companies the stored contracts of these deals belong to. */
export async function companiesOfContractDeals(
  db: Executor,
  portalId: number,
  dealIds: readonly string[],
): Promise<string[]> {
  if (dealIds.length === 0) return [];
  const rows = await db
    .selectDistinct({ companyId: contracts.companyId })
    .from(contracts)
    .where(and(eq(contracts.portalId, portalId), inArray(contracts.dealId, [...dealIds])));
  return rows.map((row) => row.companyId);
}
