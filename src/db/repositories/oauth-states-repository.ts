import { eq, lte } from 'drizzle-orm';
import type { Executor } from '../client';
import { oauthInstallStates } from '../schema';

export async function insertInstallState(db: Executor, stateHash: string, expiresAt: Date): Promise<void> {
  await db.insert(oauthInstallStates).values({ stateHash, expiresAt });
}

/** Deletes the state and says whether it was there and unexpired: a state opens one callback only. */
export async function consumeInstallState(db: Executor, stateHash: string, now: Date): Promise<boolean> {
  const consumed = await db
    .delete(oauthInstallStates)
    .where(eq(oauthInstallStates.stateHash, stateHash))
    .returning({ expiresAt: oauthInstallStates.expiresAt });
  const [row] = consumed;
  return row !== undefined && row.expiresAt > now;
}

export async function purgeExpiredInstallStates(db: Executor, now: Date): Promise<number> {
  const purged = await db
    .delete(oauthInstallStates)
    .where(lte(oauthInstallStates.expiresAt, now))
    .returning({ stateHash: oauthInstallStates.stateHash });
  return purged.length;
}
