import type { Client } from '@hubspot/api-client';
import type { Database } from '../../db/client';
import { ownersSyncedAt, upsertOwners } from '../../db/repositories/owners-repository';
import { listEveryOwnerPage } from '../../hubspot/sync/list-pages';

const refreshAfterMilliseconds = 60 * 60_000;

/**
 * HubSpot sends no webhook when a user joins or leaves the account, and a full sync runs at install: so the owners
 * are read again, the active ones and then those of users who left (`archived=true`), when the last read is an hour
 * old. A CSM hired since is named on the card; one who left is marked archived and stops being sent digests.
 * Answers how many owners were read, or null when they were fresh.
 */
export async function refreshOwnersWhenStale(
  client: Client,
  db: Database,
  portalId: number,
  now: number,
): Promise<number | null> {
  const syncedAt = await ownersSyncedAt(db, portalId);
  if (syncedAt !== null && now - syncedAt.getTime() < refreshAfterMilliseconds) return null;
  let read = 0;
  let cursor: string | null = null;
  do {
    const page = await listEveryOwnerPage(client, portalId, cursor);
    await upsertOwners(db, page.rows);
    read += page.rows.length;
    cursor = page.nextCursor;
  } while (cursor !== null);
  return read;
}
