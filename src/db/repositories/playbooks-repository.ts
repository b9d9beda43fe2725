import { randomUUID } from 'node:crypto';
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Executor } from '../client';
import { playbooks } from '../schema';

export type PlaybookRow = typeof playbooks.$inferSelect;

export async function listPlaybookRows(db: Executor, portalId: number): Promise<PlaybookRow[]> {
  return db
    .select()
    .from(playbooks)
    .where(eq(playbooks.portalId, portalId))
    .orderBy(asc(playbooks.createdAt), asc(playbooks.id));
}

export async function findPlaybookRow(db: Executor, portalId: number, id: string): Promise<PlaybookRow | null> {
  const [row] = await db
    .select()
    .from(playbooks)
    .where(and(eq(playbooks.portalId, portalId), eq(playbooks.id, id)));
  return row ?? null;
}

export async function insertPlaybookRow(
  db: Executor,
  portalId: number,
  definition: Record<string, unknown>,
  actor: string,
  id: string = randomUUID(),
): Promise<PlaybookRow> {
  const [row] = await db
    .insert(playbooks)
    .values({ portalId, id, definition, createdBy: actor, updatedBy: actor })
    .returning();
  if (!row) throw new Error('the playbook insert returned no row');
  return row;
}

export async function updatePlaybookRow(
  db: Executor,
  portalId: number,
  id: string,
  definition: Record<string, unknown>,
  actor: string,
): Promise<PlaybookRow | null> {
  const [row] = await db
    .update(playbooks)
    .set({ definition, updatedBy: actor, updatedAt: new Date(), version: sql`${playbooks.version} + 1` })
    .where(and(eq(playbooks.portalId, portalId), eq(playbooks.id, id)))
    .returning();
  return row ?? null;
}

/** Inserts the set only when the portal has no playbook yet; true when it did. */
export async function seedPlaybookRows(
  db: Executor,
  portalId: number,
  definitions: readonly Record<string, unknown>[],
  actor: string,
): Promise<boolean> {
  return db.transaction(async (transaction) => {
    // Two start-ups at once must not both seed: the advisory lock orders them within the portal.
    await transaction.execute(sql`select pg_advisory_xact_lock(hashtext(${`playbooks-seed:${portalId}`}))`);
    const [existing] = await transaction
      .select({ id: playbooks.id })
      .from(playbooks)
      .where(eq(playbooks.portalId, portalId))
      .limit(1);
    if (existing) return false;
    for (const definition of definitions) await insertPlaybookRow(transaction, portalId, definition, actor);
    return true;
  });
}
