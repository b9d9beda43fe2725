import type { TokenCipher } from '../../config/secrets/token-cipher';
import type { Database } from '../../db/client';
import { listInstallations, updateInstallationTokens } from '../../db/repositories/installations-repository';
import { tokenContext } from './oauth-settings';

/** Re-seals every stored token still sealed with a previous key, in one transaction; returns how many portals changed. */
export async function rotateTokenKeys(db: Database, cipher: TokenCipher): Promise<{ resealed: number; total: number }> {
  return db.transaction(async (transaction) => {
    const rows = await listInstallations(transaction);
    let resealed = 0;
    for (const row of rows) {
      if (!cipher.needsRotation(row.accessTokenSealed) && !cipher.needsRotation(row.refreshTokenSealed)) continue;
      await updateInstallationTokens(transaction, row.portalId, {
        accessTokenSealed: cipher.reseal(row.accessTokenSealed, tokenContext(row.portalId, 'access_token')),
        refreshTokenSealed: cipher.reseal(row.refreshTokenSealed, tokenContext(row.portalId, 'refresh_token')),
        accessTokenExpiresAt: row.accessTokenExpiresAt,
      });
      resealed += 1;
    }
    return { resealed, total: rows.length };
  });
}
