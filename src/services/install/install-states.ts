import { createHash, randomBytes } from 'node:crypto';
import type { Database } from '../../db/client';
import {
  consumeInstallState,
  insertInstallState,
  purgeExpiredInstallStates,
} from '../../db/repositories/oauth-states-repository';

function hashState(state: string): string {
  return createHash('sha256').update(state).digest('hex');
}

/** A new random `state` for an install link; only its hash is stored. */
export async function issueInstallState(
  db: Database,
  now: Date,
  ttlMs: number,
): Promise<{ state: string; expiresAt: Date }> {
  await purgeExpiredInstallStates(db, now);
  const state = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + ttlMs);
  await insertInstallState(db, hashState(state), expiresAt);
  return { state, expiresAt };
}

/** True once per issued, unexpired state. */
export function redeemInstallState(db: Database, state: string, now: Date): Promise<boolean> {
  return consumeInstallState(db, hashState(state), now);
}
