import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { Executor } from '../client';
import { ingestionApiKeys } from '../schema';

export type ApiKeyRow = typeof ingestionApiKeys.$inferSelect;
export type NewApiKeyRow = typeof ingestionApiKeys.$inferInsert;

export async function insertApiKey(db: Executor, row: NewApiKeyRow): Promise<ApiKeyRow> {
  const [stored] = await db.insert(ingestionApiKeys).values(row).returning();
  if (!stored) throw new Error(`API key ${row.id} was not stored`);
  return stored;
}

/** The active key with this hash, if any. */
export async function findActiveApiKeyByHash(db: Executor, keyHash: string): Promise<ApiKeyRow | undefined> {
  const [row] = await db
    .select()
    .from(ingestionApiKeys)
    .where(and(eq(ingestionApiKeys.keyHash, keyHash), isNull(ingestionApiKeys.revokedAt)));
  return row;
}

export async function listApiKeys(db: Executor, portalId?: number): Promise<ApiKeyRow[]> {
  return db
    .select()
    .from(ingestionApiKeys)
    .where(portalId === undefined ? undefined : eq(ingestionApiKeys.portalId, portalId))
    .orderBy(asc(ingestionApiKeys.portalId), asc(ingestionApiKeys.createdAt));
}

/** Revokes the key with this id (in any portal unless one is given); returns the revoked rows. */
export async function revokeApiKey(db: Executor, id: string, portalId?: number): Promise<ApiKeyRow[]> {
  return db
    .update(ingestionApiKeys)
    .set({ revokedAt: sql`now()` })
    .where(
      and(
        eq(ingestionApiKeys.id, id),
        isNull(ingestionApiKeys.revokedAt),
        portalId === undefined ? undefined : eq(ingestionApiKeys.portalId, portalId),
      ),
    )
    .returning();
}
