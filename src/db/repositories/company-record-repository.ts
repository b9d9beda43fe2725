import { and, eq } from 'drizzle-orm';
import type { Executor } from '../client';
import { companies, owners } from '../schema';

export interface CompanyRecordRow {
  readonly id: string;
  readonly name: string | null;
  readonly domain: string | null;
  readonly industry: string | null;
  readonly tier: string | null;
  readonly ownerFirstName: string | null;
  readonly ownerLastName: string | null;
  readonly ownerEmail: string | null;
}

/** The properties a CRM record's left sidebar shows; undefined for an unknown or archived company. */
export async function findCompanyRecord(
  db: Executor,
  portalId: number,
  companyId: string,
): Promise<CompanyRecordRow | undefined> {
  const [row] = await db
    .select({
      id: companies.id,
      name: companies.name,
      domain: companies.domain,
      industry: companies.industry,
      tier: companies.tier,
      ownerFirstName: owners.firstName,
      ownerLastName: owners.lastName,
      ownerEmail: owners.email,
    })
    .from(companies)
    .leftJoin(owners, and(eq(owners.portalId, companies.portalId), eq(owners.id, companies.ownerId)))
    .where(and(eq(companies.portalId, portalId), eq(companies.id, companyId), eq(companies.archived, false)));
  return row;
}
