import { ConfigError, type Env } from '../../config/env';
import { cipherFromEnvironment, type TokenCipher } from '../../config/secrets/token-cipher';
import type { AppConfig } from '../../hubspot/project/app-config';

export const callbackPath = '/oauth/callback';

export interface OAuthSettings {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly authorizeBaseUrl: string;
  /** Where HubSpot sends the browser back: the public URL + /oauth/callback. */
  readonly redirectUri: string;
  readonly scopes: readonly string[];
  readonly optionalScopes: readonly string[];
  /** HubSpot's API, or the sandbox. */
  readonly apiBaseUrl?: string;
  readonly cipher: TokenCipher;
}

/** The OAuth install settings, or undefined when HUBSPOT_CLIENT_ID or the secret is missing (private-app or sandbox mode). */
export function oauthSettingsFromEnv(env: Env, appConfig: AppConfig): OAuthSettings | undefined {
  if (!env.HUBSPOT_CLIENT_ID || !env.HUBSPOT_CLIENT_SECRET) return undefined;
  if (!env.TOKEN_ENCRYPTION_KEY) {
    throw new ConfigError([
      'TOKEN_ENCRYPTION_KEY: required when HUBSPOT_CLIENT_ID is set (the OAuth tokens are encrypted with it); make one with `openssl rand -base64 32`',
    ]);
  }
  const redirectUri = `${appConfig.service.publicUrl}${callbackPath}`;
  if (appConfig.auth.type !== 'oauth')
    throw new ConfigError([
      'app.json auth.type: HUBSPOT_CLIENT_ID is set for OAuth installs, so the app must use "oauth" (or unset HUBSPOT_CLIENT_ID)',
    ]);
  if (!appConfig.auth.redirectUrls.includes(redirectUri)) {
    // HubSpot only redirects to the app's listed URLs: a mismatch would fail every install at HubSpot's page.
    throw new ConfigError([
      `app.json auth.redirectUrls: must include ${redirectUri} (the public URL + ${callbackPath}); upload the project again after changing it`,
    ]);
  }
  return {
    clientId: env.HUBSPOT_CLIENT_ID,
    clientSecret: env.HUBSPOT_CLIENT_SECRET,
    authorizeBaseUrl: env.HUBSPOT_OAUTH_AUTHORIZE_URL,
    redirectUri,
    scopes: appConfig.auth.requiredScopes,
    optionalScopes: appConfig.auth.optionalScopes,
    ...(env.HUBSPOT_BASE_URL ? { apiBaseUrl: env.HUBSPOT_BASE_URL } : {}),
    cipher: cipherFromEnvironment(env.TOKEN_ENCRYPTION_KEY, env.TOKEN_ENCRYPTION_KEYS_PREVIOUS),
  };
}

/** The sealing context binds each sealed token to its portal and column. */
export function tokenContext(portalId: number, kind: 'access_token' | 'refresh_token'): string {
  return `installation:${portalId}:${kind}`;
}
