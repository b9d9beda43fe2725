import { sql } from 'drizzle-orm';
import type { Executor } from '../client';
import { owners } from '../schema';

export type OwnerRow = typeof owners.$inferInsert;

export async function upsertOwners(db: Executor, rows: readonly OwnerRow[]): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insert(owners)
    .values([...rows])
    .onConflictDoUpdate({
      target: [owners.portalId, owners.id],
      set: {
        email: sql`excluded.email`,
        firstName: sql`excluded.first_name`,
        lastName: sql`excluded.last_name`,
        userId: sql`excluded.user_id`,
        teams: sql`excluded.teams`,
        archived: sql`excluded.archived`,
        hubspotUpdatedAt: sql`excluded.hubspot_updated_at`,
        syncedAt: sql`now()`,
      },
    });
}

/** When the portal's owners were last read from HubSpot; null before any. */
export async function ownersSyncedAt(db: Executor, portalId: number): Promise<Date | null> {
  const [row] = await db
    .select({ at: sql<Date | string | null>`max(${owners.syncedAt})` })
    .from(owners)
    .where(sql`${owners.portalId} = ${portalId}`);
  return row?.at ? new Date(row.at) : null;
}
