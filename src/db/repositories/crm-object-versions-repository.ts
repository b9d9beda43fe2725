import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../client';
import { crmObjectVersions } from '../schema';

export type CrmObjectVersion = typeof crmObjectVersions.$inferInsert;
export type VersionedObjectType = CrmObjectVersion['objectType'];

/** The newest applied change per record of one type, by id. */
export async function appliedVersions(
  db: Executor,
  portalId: number,
  objectType: VersionedObjectType,
  objectIds: readonly string[],
): Promise<Map<string, Date>> {
  if (objectIds.length === 0) return new Map();
  const rows = await db
    .select({ objectId: crmObjectVersions.objectId, appliedAt: crmObjectVersions.appliedAt })
    .from(crmObjectVersions)
    .where(
      and(
        eq(crmObjectVersions.portalId, portalId),
        eq(crmObjectVersions.objectType, objectType),
        inArray(crmObjectVersions.objectId, [...objectIds]),
      ),
    );
  return new Map(rows.map((row) => [row.objectId, row.appliedAt]));
}

/** Records applied changes; a version never moves back in time. */
export async function recordVersions(db: Executor, rows: readonly CrmObjectVersion[]): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insert(crmObjectVersions)
    .values([...rows])
    .onConflictDoUpdate({
      target: [crmObjectVersions.portalId, crmObjectVersions.objectType, crmObjectVersions.objectId],
      set: {
        action: sql`case when excluded.applied_at >= ${crmObjectVersions.appliedAt} then excluded.action else ${crmObjectVersions.action} end`,
        appliedAt: sql`greatest(${crmObjectVersions.appliedAt}, excluded.applied_at)`,
      },
    });
}
