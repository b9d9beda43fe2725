import { and, eq, sql } from 'drizzle-orm';
import type { Executor } from '../client';
import { csmAssignments, owners } from '../schema';
import { z } from 'zod';
import { integerColumn, queryRows } from './query-rows';
import { isAnyOf } from './text-array-param';

export type CsmAssignmentRow = typeof csmAssignments.$inferSelect;

// A company's CSM: the one assigned at hand-off, else the company's owner (the hand-off keeps the sales owner by
// default). For a statement reading `companies c`: add `csmAssignmentJoin`, then read `companyCsmId`.
export const csmAssignmentJoin = sql.raw(
  'left join csm_assignments a on a.portal_id = c.portal_id and a.company_id = c.id',
);
export const companyCsmId = sql.raw('coalesce(a.owner_id, c.owner_id)');

// The CSM's name as the card and the pages write it: "First Last", else the email, else "Owner <id>". After
// `csmAssignmentJoin`, add `csmOwnerJoin`, then read `companyCsmName`.
export const csmOwnerJoin = sql`left join owners csm on csm.portal_id = c.portal_id and csm.id = ${companyCsmId}`;
export const companyCsmName = sql`coalesce(nullif(concat_ws(' ', csm.first_name, csm.last_name), ''), csm.email,
  'Owner ' || ${companyCsmId})`;

export interface CsmName {
  readonly name: string;
  /** True when a hand-off assigned this CSM; false when the company's HubSpot owner stands in. */
  readonly assigned: boolean;
}

/** The named companies' CSMs by name; a company with neither an assigned CSM nor an owner is left out. */
export async function listCsmNames(
  db: Executor,
  portalId: number,
  companyIds: readonly string[],
): Promise<Map<string, CsmName>> {
  if (companyIds.length === 0) return new Map();
  const rows = await queryRows(
    db,
    sql`select c.id as company_id, ${companyCsmName} as name, a.owner_id is not null as assigned
      from companies c ${csmAssignmentJoin} ${csmOwnerJoin}
      where c.portal_id = ${portalId} and ${isAnyOf(sql.raw('c.id'), companyIds)} and ${companyCsmId} is not null`,
    z.object({ company_id: z.string(), name: z.string(), assigned: z.boolean() }),
  );
  return new Map(rows.map((row) => [row.company_id, { name: row.name, assigned: row.assigned }]));
}

export async function findCsmAssignment(
  db: Executor,
  portalId: number,
  companyId: string,
): Promise<CsmAssignmentRow | null> {
  const [row] = await db
    .select()
    .from(csmAssignments)
    .where(and(eq(csmAssignments.portalId, portalId), eq(csmAssignments.companyId, companyId)));
  return row ?? null;
}

/** Keeps the first assignment of a company: two hand-offs racing for it end with the same CSM. */
export async function insertCsmAssignment(db: Executor, row: CsmAssignmentRow): Promise<CsmAssignmentRow> {
  await db.insert(csmAssignments).values(row).onConflictDoNothing();
  const stored = await findCsmAssignment(db, row.portalId, row.companyId);
  if (!stored) throw new Error(`CSM assignment of company ${row.companyId} was not written`);
  return stored;
}

/** Active owners in the HubSpot team of that name (case-insensitive). */
export async function listTeamOwnerIds(db: Executor, portalId: number, teamName: string): Promise<string[]> {
  const rows = await db
    .select({ id: owners.id })
    .from(owners)
    .where(
      and(
        eq(owners.portalId, portalId),
        eq(owners.archived, false),
        sql`exists (select 1 from jsonb_array_elements(${owners.teams}) as team where lower(team->>'name') = lower(${teamName}))`,
      ),
    );
  return rows.map((row) => row.id);
}

export async function listActiveOwnerIds(db: Executor, portalId: number): Promise<string[]> {
  const rows = await db
    .select({ id: owners.id })
    .from(owners)
    .where(and(eq(owners.portalId, portalId), eq(owners.archived, false)));
  return rows.map((row) => row.id);
}

/**
 * Customers each CSM looks after on `asOf`: companies assigned to them (else owned by them) that have a
 * contract running or starting later, or an onboarding with a required milestone still open.
 */
export async function countCsmLoads(db: Executor, portalId: number, asOf: string): Promise<Map<string, number>> {
  const rows = await queryRows(
    db,
    sql`
    select ${companyCsmId} as owner_id, count(*)::int as load
    from companies c ${csmAssignmentJoin}
    where c.portal_id = ${portalId} and not c.archived and ${companyCsmId} is not null
      and (exists (select 1 from contracts k where k.portal_id = c.portal_id and k.company_id = c.id and k.end_date > ${asOf}::date)
        or exists (select 1 from onboarding_milestones m where m.portal_id = c.portal_id and m.company_id = c.id and m.required and m.done_at is null))
    group by 1`,
    z.object({ owner_id: z.string(), load: integerColumn }),
  );
  return new Map(rows.map((row) => [row.owner_id, row.load]));
}
