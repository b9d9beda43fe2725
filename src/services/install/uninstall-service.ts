import type { Logger } from '../../config/logger';
import type { TokenCipher } from '../../config/secrets/token-cipher';
import type { Database } from '../../db/client';
import {
  deleteInstallation,
  findInstallation,
  type InstallationRow,
} from '../../db/repositories/installations-repository';
import { deletePortalData } from '../../db/repositories/portal-data-repository';
import { removeAppFromAccount } from '../../hubspot/oauth/app-installs-api';
import { OAuthRejectedError, type OAuthApi } from '../../hubspot/oauth/oauth-api';
import { tokenContext } from './oauth-settings';

export interface UninstallOptions {
  readonly db: Database;
  readonly portalId: number;
  /** Also delete every row of the portal, in every table, in one transaction. */
  readonly deleteData: boolean;
  /** Needed to act at HubSpot; without it (no OAuth settings) only local rows go. */
  readonly oauth?: { readonly cipher: TokenCipher; readonly api: OAuthApi; readonly apiBaseUrl?: string };
  readonly logger?: Logger;
  readonly now?: () => number;
}

type HubSpotOutcome = 'revoked' | 'removed' | 'already_gone' | 'not_installed' | 'kept_no_credentials';

export interface UninstallResult {
  readonly portalId: number;
  /** `revoked` at HubSpot, `already_gone` there, `not_installed` (no OAuth installation here) or `kept_no_credentials`. */
  readonly refreshToken: Exclude<HubSpotOutcome, 'removed'>;
  /** The app's install in the HubSpot account: `removed` through HubSpot's app-uninstall endpoint, or as above. */
  readonly app: Exclude<HubSpotOutcome, 'revoked'>;
  readonly deletedRows: Record<string, number>;
}

const accessTokenMarginMs = 60_000;

/** A live access token of the installation, or undefined when HubSpot no longer accepts its refresh token. */
async function liveAccessToken(
  installation: InstallationRow,
  oauth: NonNullable<UninstallOptions['oauth']>,
  now: number,
): Promise<string | undefined> {
  const { portalId } = installation;
  if (installation.accessTokenExpiresAt.getTime() - accessTokenMarginMs > now) {
    return oauth.cipher.decrypt(installation.accessTokenSealed, tokenContext(portalId, 'access_token'));
  }
  try {
    return (
      await oauth.api.refresh(
        oauth.cipher.decrypt(installation.refreshTokenSealed, tokenContext(portalId, 'refresh_token')),
      )
    ).accessToken;
  } catch (error) {
    if (error instanceof OAuthRejectedError && error.error === 'invalid_grant') return undefined;
    throw error;
  }
}

/** Revokes the refresh token, then removes the app from the HubSpot account with a still-live access token. */
async function uninstallAtHubSpot(
  installation: InstallationRow,
  oauth: NonNullable<UninstallOptions['oauth']>,
  now: number,
) {
  const accessToken = await liveAccessToken(installation, oauth, now);
  const refreshToken = oauth.cipher.decrypt(
    installation.refreshTokenSealed,
    tokenContext(installation.portalId, 'refresh_token'),
  );
  const revoked = (await oauth.api.revokeRefreshToken(refreshToken)) ? ('revoked' as const) : ('already_gone' as const);
  const app =
    accessToken === undefined
      ? ('already_gone' as const)
      : await removeAppFromAccount({ accessToken, baseUrl: oauth.apiBaseUrl });
  return { refreshToken: revoked, app };
}

/**
 * Removes the app from the portal's HubSpot account and the portal's tokens here (and, on request, all of its data).
 * Safe to run again: a second run finds nothing to revoke, remove or delete.
 */
export async function uninstallPortal(options: UninstallOptions): Promise<UninstallResult> {
  const { db, portalId } = options;
  const installation = await findInstallation(db, portalId);
  let atHubSpot: Pick<UninstallResult, 'refreshToken' | 'app'> = {
    refreshToken: 'not_installed',
    app: 'not_installed',
  };
  if (installation && options.oauth) {
    atHubSpot = await uninstallAtHubSpot(installation, options.oauth, (options.now ?? Date.now)());
  } else if (installation) {
    atHubSpot = { refreshToken: 'kept_no_credentials', app: 'kept_no_credentials' };
  }
  const deletedRows = await db.transaction(async (transaction) => {
    if (options.deleteData) return deletePortalData(transaction, portalId);
    return (await deleteInstallation(transaction, portalId)) ? { installations: 1 } : {};
  });
  options.logger?.info(
    { portalId, ...atHubSpot, deleteData: options.deleteData, tables: Object.keys(deletedRows).length },
    'portal uninstalled',
  );
  return { portalId, ...atHubSpot, deletedRows };
}
