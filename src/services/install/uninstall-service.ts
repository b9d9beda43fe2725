import type { Logger } from '../../config/logger';
import type { TokenCipher } from '../../config/secrets/token-cipher';
import type { Database } from '../../db/client';
import { deleteInstallation, findInstallation } from '../../db/repositories/installations-repository';
import { deletePortalData } from '../../db/repositories/portal-data-repository';
import type { OAuthApi } from '../../hubspot/oauth/oauth-api';
import { tokenContext } from './oauth-settings';

export interface UninstallOptions {
  readonly db: Database;
  readonly portalId: number;
  /** Also delete every row of the portal, in every table, in one transaction. */
  readonly deleteData: boolean;
  /** Needed to revoke the refresh token at HubSpot; without it (no OAuth settings) only local rows go. */
  readonly oauth?: { readonly cipher: TokenCipher; readonly api: OAuthApi };
  readonly logger?: Logger;
}

export interface UninstallResult {
  readonly portalId: number;
  /** `revoked` at HubSpot, `already_gone` there, or `not_installed` (no OAuth installation here). */
  readonly refreshToken: 'revoked' | 'already_gone' | 'not_installed' | 'kept_no_credentials';
  readonly deletedRows: Record<string, number>;
}

/**
 * Removes the portal's tokens (revoking the refresh token at HubSpot first, so it cannot be used again) and, on
 * request, all of its data. Safe to run again: a second run finds nothing to revoke and nothing to delete.
 */
export async function uninstallPortal(options: UninstallOptions): Promise<UninstallResult> {
  const { db, portalId } = options;
  const installation = await findInstallation(db, portalId);
  let refreshToken: UninstallResult['refreshToken'] = 'not_installed';
  if (installation && options.oauth) {
    const token = options.oauth.cipher.decrypt(installation.refreshTokenSealed, tokenContext(portalId, 'refresh_token'));
    refreshToken = (await options.oauth.api.revokeRefreshToken(token)) ? 'revoked' : 'already_gone';
  } else if (installation) {
    refreshToken = 'kept_no_credentials';
  }
  const deletedRows = await db.transaction(async (transaction) => {
    if (options.deleteData) return deletePortalData(transaction, portalId);
    return (await deleteInstallation(transaction, portalId)) ? { installations: 1 } : {};
  });
  options.logger?.info({ portalId, refreshToken, deleteData: options.deleteData, tables: Object.keys(deletedRows).length }, 'portal uninstalled');
  return { portalId, refreshToken, deletedRows };
}
