import { timingSafeEqual } from 'node:crypto';
import type { Logger } from '../../config/logger';
import type { Database } from '../../db/client';
import { upsertInstallation } from '../../db/repositories/installations-repository';
import { upsertPortal } from '../../db/repositories/portals-repository';
import { ServiceError } from '../service-error';
import { createHubSpotClient } from '../../hubspot/client';
import { authorizeUrl } from '../../hubspot/oauth/authorize-url';
import { OAuthRejectedError, type OAuthApi } from '../../hubspot/oauth/oauth-api';
import { fetchPortalDetails } from '../../hubspot/portal-details';
import { issueInstallState, redeemInstallState } from './install-states';
import { tokenContext, type OAuthSettings } from './oauth-settings';
import type { TokenProvider } from './token-provider';

export interface InstallServiceOptions {
  readonly db: Database;
  readonly settings: OAuthSettings;
  readonly oauthApi: OAuthApi;
  readonly requestsPer10Seconds: number;
  /** Runs once a portal is installed (the initial sync is queued here); a failure is logged, the install stands. */
  readonly onInstalled?: (portalId: number) => Promise<void>;
  /** Told to forget the portal's old token when it installs again. */
  readonly tokens?: Pick<TokenProvider, 'forget'>;
  readonly logger?: Logger;
  readonly now?: () => number;
  readonly stateTtlMs?: number;
}

export interface InstallStart {
  readonly authorizeUrl: string;
  readonly state: string;
  readonly expiresAt: Date;
  readonly expiresInSeconds: number;
}

export interface CallbackInput {
  readonly code?: string;
  readonly state?: string;
  /** The state this browser was given at /oauth/install (its cookie): binds the callback to the browser that started it. */
  readonly browserState?: string;
}

export interface InstalledPortal {
  readonly portalId: number;
  readonly hubDomain: string | undefined;
  readonly scopes: string[];
  readonly initialSyncQueued: boolean;
}

function badField(field: string, message: string): ServiceError {
  return new ServiceError('validation_failed', `Invalid install callback: ${field}: ${message}`, {
    fields: [{ field, message }],
  });
}

function sameState(left: string, right: string): boolean {
  const a = Buffer.from(left);
  const b = Buffer.from(right);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function createInstallService(options: InstallServiceOptions) {
  const { db, settings, oauthApi } = options;
  const now = options.now ?? Date.now;
  const stateTtlMs = options.stateTtlMs ?? 10 * 60_000;

  async function exchange(code: string) {
    try {
      return await oauthApi.exchangeCode(code, settings.redirectUri);
    } catch (error) {
      if (!(error instanceof OAuthRejectedError)) throw error;
      if (error.error === 'invalid_grant')
        throw badField('code', 'HubSpot does not accept this code (unknown, expired or already used)');
      throw new ServiceError(
        'upstream_failed',
        `HubSpot refused the code exchange (${error.error}): check HUBSPOT_CLIENT_ID, HUBSPOT_CLIENT_SECRET and the app's redirect URLs`,
      );
    }
  }

  return {
    async beginInstall(): Promise<InstallStart> {
      const { state, expiresAt } = await issueInstallState(db, new Date(now()), stateTtlMs);
      const url = authorizeUrl({
        authorizeBaseUrl: settings.authorizeBaseUrl,
        clientId: settings.clientId,
        redirectUri: settings.redirectUri,
        scopes: settings.scopes,
        optionalScopes: settings.optionalScopes,
        state,
      });
      return { authorizeUrl: url, state, expiresAt, expiresInSeconds: Math.floor(stateTtlMs / 1000) };
    },

    async completeInstall(input: CallbackInput): Promise<InstalledPortal> {
      if (!input.state) throw badField('state', 'missing');
      if (!input.browserState || !sameState(input.state, input.browserState))
        throw badField('state', 'not the state this browser started the install with');
      if (!(await redeemInstallState(db, input.state, new Date(now()))))
        throw badField('state', 'expired or already used');
      if (!input.code) throw badField('code', 'missing');

      const grant = await exchange(input.code);
      const info = await oauthApi.accessTokenInfo(grant.accessToken);
      const client = createHubSpotClient({
        accessToken: grant.accessToken,
        baseUrl: settings.apiBaseUrl,
        requestsPer10Seconds: options.requestsPer10Seconds,
      });
      const details = await fetchPortalDetails(client, { logger: options.logger });
      if (details.id !== info.portalId)
        throw new ServiceError(
          'upstream_failed',
          `HubSpot named portal ${info.portalId} for the token but ${details.id} for its account details`,
        );

      const { portalId } = info;
      await db.transaction(async (transaction) => {
        await upsertPortal(transaction, details);
        await upsertInstallation(transaction, {
          portalId,
          scopes: info.scopes,
          hubDomain: info.hubDomain ?? null,
          installedByUserId: info.userId ?? null,
          accessTokenSealed: settings.cipher.encrypt(grant.accessToken, tokenContext(portalId, 'access_token')),
          refreshTokenSealed: settings.cipher.encrypt(grant.refreshToken, tokenContext(portalId, 'refresh_token')),
          accessTokenExpiresAt: new Date(now() + grant.expiresInSeconds * 1000),
        });
      });
      options.tokens?.forget(portalId);
      options.logger?.info({ portalId, scopes: info.scopes.length }, 'HubSpot portal installed the app');

      let initialSyncQueued = false;
      try {
        await options.onInstalled?.(portalId);
        initialSyncQueued = options.onInstalled !== undefined;
      } catch (error) {
        options.logger?.error(
          { err: error, portalId },
          'the portal is installed but its initial sync could not be started',
        );
      }
      return { portalId, hubDomain: info.hubDomain, scopes: info.scopes, initialSyncQueued };
    },
  };
}

export type InstallService = ReturnType<typeof createInstallService>;
