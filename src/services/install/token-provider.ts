import type { Logger } from '../../config/logger';
import type { TokenCipher } from '../../config/secrets/token-cipher';
import type { Database } from '../../db/client';
import {
  findInstallation,
  markInstallationNeedsReinstall,
  updateInstallationTokens,
  type InstallationRow,
} from '../../db/repositories/installations-repository';
import { OAuthRejectedError, type OAuthApi } from '../../hubspot/oauth/oauth-api';
import { NotInstalledError, ReinstallRequiredError } from './install-errors';
import { tokenContext } from './oauth-settings';

export interface TokenProviderOptions {
  readonly db: Database;
  readonly cipher: TokenCipher;
  readonly oauthApi: OAuthApi;
  readonly now?: () => number;
  /** Refresh this long before the access token expires, so a call started now does not outlive it. */
  readonly refreshMarginMs?: number;
  readonly logger?: Logger;
}

export interface TokenProvider {
  /** A live access token of the portal, refreshed (and stored) when it expires within the margin. */
  accessTokenFor(portalId: number): Promise<string>;
  /** What this process knows now, without I/O: a fresh token, that a refresh is due, or that the portal must reinstall. */
  peek(portalId: number): TokenState;
  /** Drops what this process remembers of the portal (after an uninstall or a new install). */
  forget(portalId: number): void;
}

export type TokenState =
  | { readonly kind: 'fresh'; readonly accessToken: string }
  | { readonly kind: 'due' }
  | { readonly kind: 'reinstall'; readonly error: ReinstallRequiredError };

interface CachedToken {
  readonly accessToken: string;
  readonly expiresAt: number;
}

// RFC 6749's answer when the refresh token is gone for good (uninstalled, revoked): asking again cannot help.
const refreshTokenGone = 'invalid_grant';

export function createTokenProvider(options: TokenProviderOptions): TokenProvider {
  const now = options.now ?? Date.now;
  const margin = options.refreshMarginMs ?? 5 * 60_000;
  const cache = new Map<number, CachedToken>();
  const inFlight = new Map<number, Promise<string>>();
  const mustReinstall = new Map<number, ReinstallRequiredError>();
  const reinstallRequired = (portalId: number, reason: string) => {
    const error = new ReinstallRequiredError(portalId, reason);
    mustReinstall.set(portalId, error);
    return error;
  };
  const fresh = (expiresAt: number) => expiresAt - margin > now();

  async function refresh(installation: InstallationRow): Promise<CachedToken> {
    const { portalId } = installation;
    const refreshToken = options.cipher.decrypt(
      installation.refreshTokenSealed,
      tokenContext(portalId, 'refresh_token'),
    );
    try {
      const grant = await options.oauthApi.refresh(refreshToken);
      const expiresAt = now() + grant.expiresInSeconds * 1000;
      await updateInstallationTokens(options.db, portalId, {
        accessTokenSealed: options.cipher.encrypt(grant.accessToken, tokenContext(portalId, 'access_token')),
        refreshTokenSealed: options.cipher.encrypt(grant.refreshToken, tokenContext(portalId, 'refresh_token')),
        accessTokenExpiresAt: new Date(expiresAt),
      });
      options.logger?.info({ portalId, expiresInSeconds: grant.expiresInSeconds }, 'HubSpot access token refreshed');
      return { accessToken: grant.accessToken, expiresAt };
    } catch (error) {
      if (error instanceof OAuthRejectedError && error.error === refreshTokenGone) {
        await markInstallationNeedsReinstall(options.db, portalId, error.error);
        options.logger?.warn(
          { portalId, error: error.error },
          'HubSpot refused the refresh token: the portal must reinstall the app',
        );
        throw reinstallRequired(portalId, error.error);
      }
      throw error;
    }
  }

  async function load(portalId: number): Promise<string> {
    const installation = await findInstallation(options.db, portalId);
    if (!installation) throw new NotInstalledError(portalId);
    if (installation.status !== 'active')
      throw reinstallRequired(portalId, installation.statusReason ?? 'refresh token refused');
    const expiresAt = installation.accessTokenExpiresAt.getTime();
    const token = fresh(expiresAt)
      ? {
          accessToken: options.cipher.decrypt(installation.accessTokenSealed, tokenContext(portalId, 'access_token')),
          expiresAt,
        }
      : await refresh(installation);
    cache.set(portalId, token);
    return token.accessToken;
  }

  return {
    accessTokenFor(portalId) {
      const cached = cache.get(portalId);
      if (cached && fresh(cached.expiresAt)) return Promise.resolve(cached.accessToken);
      // One refresh per portal at a time: concurrent callers share it.
      const running = inFlight.get(portalId);
      if (running) return running;
      const work = load(portalId).finally(() => inFlight.delete(portalId));
      inFlight.set(portalId, work);
      return work;
    },
    peek(portalId) {
      const error = mustReinstall.get(portalId);
      if (error) return { kind: 'reinstall', error };
      const cached = cache.get(portalId);
      return cached && fresh(cached.expiresAt) ? { kind: 'fresh', accessToken: cached.accessToken } : { kind: 'due' };
    },
    forget(portalId) {
      cache.delete(portalId);
      mustReinstall.delete(portalId);
    },
  };
}
