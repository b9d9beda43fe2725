import { chunks } from '../../domain/collections/chunks';
import { and, eq, sql } from 'drizzle-orm';
import type { Executor } from '../client';
import { companies, companyRisks, csmAssignments, owners, riskModels } from '../schema';

export type StoredRiskModel = typeof riskModels.$inferSelect;
export type StoredCompanyRisk = typeof companyRisks.$inferSelect;

export async function findRiskModel(db: Executor, portalId: number): Promise<StoredRiskModel | undefined> {
  const [row] = await db.select().from(riskModels).where(eq(riskModels.portalId, portalId));
  return row;
}

// Each row binds 8 parameters; Postgres allows 65,535 per statement.
const companyRowsPerStatement = 5_000;

/** Replaces the portal's model and every company's risk with those of one training run, in one transaction. */
export async function replaceRiskModel(
  db: Executor,
  model: StoredRiskModel,
  risks: readonly StoredCompanyRisk[],
): Promise<void> {
  await db.transaction(async (transaction) => {
    await transaction
      .insert(riskModels)
      .values(model)
      .onConflictDoUpdate({ target: riskModels.portalId, set: { ...model } });
    await replaceCompanyRisks(transaction, model.portalId, risks);
  });
}

/** Replaces every company risk of the portal, in one transaction. */
export async function replaceCompanyRisks(
  db: Executor,
  portalId: number,
  risks: readonly StoredCompanyRisk[],
): Promise<void> {
  await db.transaction(async (transaction) => {
    await transaction.delete(companyRisks).where(eq(companyRisks.portalId, portalId));
    for (const batch of chunks(risks, companyRowsPerStatement)) await transaction.insert(companyRisks).values(batch);
  });
}

export interface CompanyGroups {
  readonly companies: ReadonlyMap<
    string,
    {
      readonly name: string | null;
      readonly ownerId: string | null;
      /** The CSM assigned at hand-off, else the owner. */
      readonly csmId: string | null;
      readonly tier: string | null;
    }
  >;
  /** Owner id -> display name ("First Last", else the email). */
  readonly owners: ReadonlyMap<string, string>;
}

/** An owner's name from `owners`; an owner HubSpot no longer lists by its id. */
export function ownerNameIn(groups: CompanyGroups, ownerId: string): string {
  return groups.owners.get(ownerId) ?? `Owner ${ownerId}`;
}

/** Each company's owner, CSM and segment (tier), and the owners' names, for forecast splits. */
export async function listCompanyGroups(db: Executor, portalId: number): Promise<CompanyGroups> {
  const companyRows = await db
    .select({
      id: companies.id,
      name: companies.name,
      ownerId: companies.ownerId,
      csmId: sql<string | null>`coalesce(${csmAssignments.ownerId}, ${companies.ownerId})`,
      tier: companies.tier,
    })
    .from(companies)
    .leftJoin(
      csmAssignments,
      and(eq(csmAssignments.portalId, companies.portalId), eq(csmAssignments.companyId, companies.id)),
    )
    .where(eq(companies.portalId, portalId));
  const ownerRows = await db
    .select({ id: owners.id, firstName: owners.firstName, lastName: owners.lastName, email: owners.email })
    .from(owners)
    .where(eq(owners.portalId, portalId));
  return {
    companies: new Map(companyRows.map(({ id, ...company }) => [id, company])),
    owners: new Map(
      ownerRows.map((row) => [
        row.id,
        [row.firstName, row.lastName].filter(Boolean).join(' ') || row.email || `Owner ${row.id}`,
      ]),
    ),
  };
}
