import { eq } from 'drizzle-orm';
import type { Executor } from '../client';
import { portals } from '../schema';

export type Portal = typeof portals.$inferSelect;
export interface PortalDetails {
  readonly id: number;
  readonly name?: string | null;
  readonly timeZone: string;
  readonly currency: string;
}

export async function upsertPortal(db: Executor, details: PortalDetails): Promise<Portal> {
  const values = { id: details.id, name: details.name ?? null, timeZone: details.timeZone, currency: details.currency };
  const [row] = await db
    .insert(portals)
    .values(values)
    .onConflictDoUpdate({ target: portals.id, set: { ...values, updatedAt: new Date() } })
    .returning();
  if (!row) throw new Error(`Portal ${details.id} was not written`);
  return row;
}

export async function findPortal(db: Executor, id: number): Promise<Portal | undefined> {
  const [row] = await db.select().from(portals).where(eq(portals.id, id));
  return row;
}

export async function listPortals(db: Executor): Promise<Portal[]> {
  return db.select().from(portals).orderBy(portals.id);
}
