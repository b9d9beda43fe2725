import { and, asc, eq, gt, ilike, sql } from 'drizzle-orm';
import type { Executor } from '../client';
import { companies, contracts, owners } from '../schema';
import { isAnyOf } from './text-array-param';

export type CompanyRow = typeof companies.$inferInsert;

export async function upsertCompanies(db: Executor, rows: readonly CompanyRow[]): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insert(companies)
    .values([...rows])
    .onConflictDoUpdate({
      target: [companies.portalId, companies.id],
      set: {
        name: sql`excluded.name`,
        domain: sql`excluded.domain`,
        industry: sql`excluded.industry`,
        ownerId: sql`excluded.owner_id`,
        lifecycleStage: sql`excluded.lifecycle_stage`,
        tier: sql`excluded.tier`,
        accountId: sql`excluded.account_id`,
        properties: sql`excluded.properties`,
        hubspotCreatedAt: sql`excluded.hubspot_created_at`,
        hubspotUpdatedAt: sql`excluded.hubspot_updated_at`,
        archived: sql`excluded.archived`,
        syncedAt: sql`now()`,
      },
    });
}

export interface CompanyListQuery {
  readonly portalId: number;
  /** The portal's local date on which MRR is measured. */
  readonly onDate: string;
  readonly limit: number;
  /** Keyset paging in id order (the API's): the companies after this id. */
  readonly after?: string;
  /** Name order instead (the preview's list), skipping this many companies; `after` is then not used. */
  readonly byName?: { readonly offset: number };
  readonly ownerId?: string;
  readonly nameContains?: string;
}

export interface CompanySummaryRow {
  readonly id: string;
  readonly name: string | null;
  readonly domain: string | null;
  readonly industry: string | null;
  readonly tier: string | null;
  readonly ownerId: string | null;
  readonly ownerEmail: string | null;
  readonly ownerFirstName: string | null;
  readonly ownerLastName: string | null;
  readonly mrrMinor: number;
  readonly contractCount: number;
  readonly upcomingContractCount: number;
}

/** One page of companies in id order (or by name), each with the MRR of its contracts active on `onDate`. */
export async function listCompanySummaries(db: Executor, query: CompanyListQuery): Promise<CompanySummaryRow[]> {
  const activeMrr = sql<string>`coalesce(sum(${contracts.mrrMinor}) filter (where ${contracts.startDate} <= ${query.onDate} and ${contracts.endDate} > ${query.onDate}), 0)`;
  const rows = await db
    .select({
      id: companies.id,
      name: companies.name,
      domain: companies.domain,
      industry: companies.industry,
      tier: companies.tier,
      ownerId: companies.ownerId,
      ownerEmail: owners.email,
      ownerFirstName: owners.firstName,
      ownerLastName: owners.lastName,
      mrrMinor: activeMrr,
      contractCount: sql<number>`count(${contracts.dealId})::int`,
      upcomingContractCount: sql<number>`(count(${contracts.dealId}) filter (where ${contracts.startDate} > ${query.onDate}))::int`,
    })
    .from(companies)
    .leftJoin(owners, and(eq(owners.portalId, companies.portalId), eq(owners.id, companies.ownerId)))
    .leftJoin(contracts, and(eq(contracts.portalId, companies.portalId), eq(contracts.companyId, companies.id)))
    .where(
      and(
        eq(companies.portalId, query.portalId),
        eq(companies.archived, false),
        query.after === undefined || query.byName !== undefined ? undefined : gt(companies.id, query.after),
        query.ownerId === undefined ? undefined : eq(companies.ownerId, query.ownerId),
        query.nameContains === undefined ? undefined : ilike(companies.name, `%${escapeLike(query.nameContains)}%`),
      ),
    )
    .groupBy(companies.portalId, companies.id, owners.portalId, owners.id)
    .orderBy(
      ...(query.byName === undefined ? [] : [sql`lower(coalesce(${companies.name}, ''))`, asc(companies.name)]),
      asc(companies.id),
    )
    .limit(query.limit)
    .offset(query.byName?.offset ?? 0);
  // Postgres returns sums of bigint as numeric, which the drivers hand over as strings.
  return rows.map((row) => ({ ...row, mrrMinor: Number(row.mrrMinor) }));
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}

export async function countCompanies(db: Executor, portalId: number): Promise<number> {
  const [row] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(companies)
    .where(and(eq(companies.portalId, portalId), eq(companies.archived, false)));
  return row?.count ?? 0;
}

/** The named companies' names, by id; a company without a name (or not synced) is left out. */
export async function listCompanyNames(
  db: Executor,
  portalId: number,
  companyIds: readonly string[],
): Promise<Map<string, string>> {
  if (companyIds.length === 0) return new Map();
  const rows = await db
    .select({ id: companies.id, name: companies.name })
    .from(companies)
    .where(and(eq(companies.portalId, portalId), isAnyOf(companies.id, [...new Set(companyIds)])));
  return new Map(rows.flatMap((row) => (row.name === null ? [] : [[row.id, row.name] as const])));
}
