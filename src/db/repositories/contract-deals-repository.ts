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

const statedKind = sql`coalesce(lower(trim(${deals.properties} ->> 'cs_deal_kind')), '')`;
const dealTypeKey = sql`lower(trim(${deals.dealType}))`;

function typeIn(dealTypes: readonly string[]) {
  return dealTypes.length === 0
    ? sql`false`
    : sql`${dealTypeKey} in (${sql.join(
        dealTypes.map((type) => sql`${type}`),
        sql`, `,
      )})`;
}

/**
 * The companies with a contract whose deal may follow on as a renewal: an upsell by its deal type alone (no
 * `cs_deal_kind`), or a renewal (stated, or by its deal type) with no `cs_contract_start`; and, with `dealTypes`, those
 * with a contract whose kind comes from one of those deal types. Only their contracts can the renewal rule, or a new
 * reading of those types, change. (The exact test is the domain's; this one may include more.)
 */
export async function companiesWithContractsToDerive(
  db: Executor,
  portalId: number,
  readAs: {
    readonly upsell: readonly string[];
    readonly renewal: readonly string[];
    readonly changed: readonly string[];
  },
): Promise<string[]> {
  const noStart = sql`coalesce(trim(${deals.properties} ->> 'cs_contract_start'), '') = ''`;
  const rows = await db
    .selectDistinct({ companyId: contracts.companyId })
    .from(contracts)
    .innerJoin(deals, and(eq(deals.portalId, contracts.portalId), eq(deals.id, contracts.dealId)))
    .where(
      and(
        eq(contracts.portalId, portalId),
        sql`((${statedKind} = '' and (${typeIn(readAs.upsell)} or ${typeIn(readAs.changed)}))
          or ((${statedKind} = 'renewal' or (${statedKind} = '' and ${typeIn(readAs.renewal)})) and ${noStart}))`,
      ),
    )
    .orderBy(contracts.companyId);
  return rows.map((row) => row.companyId);
}

/** The portal's contracts whose kind comes from a deal type it does not read (none of `known`), per type. */
export async function countUnknownDealTypes(
  db: Executor,
  portalId: number,
  known: readonly string[],
): Promise<{ dealType: string; deals: number }[]> {
  const rows = await db
    .select({ dealType: sql<string>`min(trim(${deals.dealType}))`, deals: sql<number>`count(*)::int` })
    .from(contracts)
    .innerJoin(deals, and(eq(deals.portalId, contracts.portalId), eq(deals.id, contracts.dealId)))
    .where(
      and(
        eq(contracts.portalId, portalId),
        sql`${statedKind} = '' and coalesce(${dealTypeKey}, '') <> '' and not ${typeIn(known)}`,
      ),
    )
    .groupBy(dealTypeKey)
    .orderBy(sql`count(*) desc`, dealTypeKey);
  return rows;
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
