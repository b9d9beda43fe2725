import { randomBytes, randomUUID } from 'node:crypto';
import { OAuthError } from './oauth-errors';
import type { Grant, InstallablePortal, IssuedAccessToken } from './oauth-grants';
import { accessTokenInfo, inactiveToken, refreshTokenInfo, type IntrospectionBody } from './oauth-introspection';
import { SandboxAppTokens, type AppTokenResponseBody } from './oauth-app-tokens';
import { SandboxWebhooksJournal } from './webhooks-journal';

export { OAuthError } from './oauth-errors';
export type { Grant, InstallablePortal, IssuedAccessToken } from './oauth-grants';

export interface SandboxOAuthApp {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly appId?: number;
  /** HubSpot's access tokens live 30 minutes; tests shorten it to see a refresh. */
  readonly accessTokenTtlSeconds?: number;
  /** When set, the authorize step only redirects to these URIs, like the app's configured redirect URLs. */
  readonly redirectUris?: readonly string[];
  /**
   * Optional scopes the installing user cannot grant (the account lacks the feature): HubSpot installs without them,
   * and the token's calls that need one are answered 403 MISSING_SCOPES.
   */
  readonly declinedScopes?: readonly string[];
}

interface IssuedCode extends Grant {
  readonly redirectUri: string;
  readonly expiresAt: number;
  /** Set once exchanged: a second exchange revokes what the first one issued (RFC 6749 §4.1.2). */
  redeemedAs?: string;
}

/** POST /oauth/2026-03/token's answer (HubSpot's AccessTokenResponse). */
export interface TokenResponseBody {
  readonly token_type: 'bearer';
  readonly token_use: 'access_token';
  readonly access_token: string;
  readonly refresh_token: string;
  readonly expires_in: number;
  readonly hub_id: number;
  readonly user_id: number;
  readonly scopes: readonly string[];
}

export interface ClientCredentials {
  readonly clientId?: string;
  readonly clientSecret?: string;
}

export type AccessTokenCheck =
  | { readonly kind: 'valid'; readonly portalId: number; readonly scopes: readonly string[] }
  | { readonly kind: 'expired'; readonly portalId: number; readonly expiredAt: number }
  | { readonly kind: 'unknown' };

export interface RecordedUninstall {
  readonly portalId: number;
  readonly at: string;
  /** `api`: the app asked (DELETE /appinstalls/2026-03/external-install); `user`: a user removed it in HubSpot. */
  readonly by: 'api' | 'user';
}

const codeTtlMilliseconds = 10 * 60_000;

function required(value: string | undefined, name: string): string {
  if (value === undefined || value === '')
    throw new OAuthError('invalid_request', `missing required parameter ${name}`);
  return value;
}

/** The in-memory state of HubSpot's OAuth server for one app: codes, access and refresh tokens, uninstalls. */
export class SandboxOAuthAuthority {
  readonly appId: number;
  private readonly accessTtlSeconds: number;
  private readonly codes = new Map<string, IssuedCode>();
  private readonly accessTokens = new Map<string, IssuedAccessToken>();
  private readonly refreshTokens = new Map<string, Grant>();
  private readonly uninstallLog: RecordedUninstall[] = [];
  readonly appTokens: SandboxAppTokens;
  /** Where HubSpot tells the app of installs and uninstalls: it polls, nothing is pushed. */
  readonly journal: SandboxWebhooksJournal;

  constructor(
    readonly app: SandboxOAuthApp,
    readonly portals: readonly InstallablePortal[],
    private readonly now: () => number = Date.now,
  ) {
    if (portals.length === 0) throw new Error('the OAuth sandbox needs at least one portal to install into');
    this.appId = app.appId ?? 1_234_567;
    this.accessTtlSeconds = app.accessTokenTtlSeconds ?? 1800;
    this.appTokens = new SandboxAppTokens(this.accessTtlSeconds, now);
    this.journal = new SandboxWebhooksJournal(this.appId, now);
  }

  clientCredentials(input: ClientCredentials & { scope?: string }): AppTokenResponseBody {
    this.checkClient(input);
    return this.appTokens.issue(input.scope);
  }

  /** The user picked `portalId` (the first portal unless given) and approved the scopes. */
  authorize(input: { clientId: string; redirectUri: string; scopes: readonly string[]; portalId?: number }): string {
    if (input.clientId !== this.app.clientId) throw new OAuthError('unauthorized_client', 'unknown client_id');
    if (this.app.redirectUris && !this.app.redirectUris.includes(input.redirectUri)) {
      throw new OAuthError('invalid_request', "redirect_uri is not one of the app's redirect URLs");
    }
    if (input.scopes.length === 0) throw new OAuthError('invalid_scope', 'missing scope');
    const portal =
      input.portalId === undefined
        ? this.portals[0]
        : this.portals.find((candidate) => candidate.id === input.portalId);
    if (!portal)
      throw new OAuthError(
        'invalid_request',
        `portal ${String(input.portalId)} is not
 an account of this sandbox`,
      );
    const code = randomUUID();
    this.codes.set(code, {
      portal,
      scopes: input.scopes,
      redirectUri: input.redirectUri,
      expiresAt: this.now() + codeTtlMilliseconds,
    });
    return code;
  }

  exchangeCode(input: ClientCredentials & { code?: string; redirectUri?: string }): TokenResponseBody {
    const code = required(input.code, 'code');
    const redirectUri = required(input.redirectUri, 'redirect_uri');
    this.checkClient(input);
    const issued = this.codes.get(code);
    if (!issued || issued.expiresAt <= this.now())
      throw new OAuthError('invalid_grant', 'authorization code is invalid or expired');
    if (issued.redeemedAs !== undefined) {
      this.revokeGrant(issued.redeemedAs);
      throw new OAuthError(
        'invalid_grant',
        'authorization code was already used; the tokens issued for it are revoked',
      );
    }
    if (issued.redirectUri !== redirectUri)
      throw new OAuthError('invalid_grant', 'redirect_uri does not match the one the code was issued for');
    const refreshToken = `na1-${randomUUID()}`;
    issued.redeemedAs = refreshToken;
    this.refreshTokens.set(refreshToken, { portal: issued.portal, scopes: issued.scopes });
    this.journal.recordAppLifecycle(issued.portal.id, 'APP_INSTALL');
    return this.issueAccessToken(issued, refreshToken);
  }

  refresh(input: ClientCredentials & { refreshToken?: string }): TokenResponseBody {
    const refreshToken = required(input.refreshToken, 'refresh_token');
    this.checkClient(input);
    const grant = this.refreshTokens.get(refreshToken);
    if (!grant) throw new OAuthError('invalid_grant', 'refresh token is invalid, expired or revoked');
    // HubSpot hands back the same refresh token with each new access token.
    return this.issueAccessToken(grant, refreshToken);
  }

  introspect(input: ClientCredentials & { token?: string; tokenTypeHint?: string }): IntrospectionBody {
    const token = required(input.token, 'token');
    this.checkClient(input);
    const context = { clientId: this.app.clientId, appId: this.appId, now: this.now() };
    const access = this.accessTokens.get(token);
    if (access && access.expiresAt > context.now) return accessTokenInfo(token, access, context);
    const grant = this.refreshTokens.get(token);
    if (grant) return refreshTokenInfo(token, grant, context);
    return inactiveToken;
  }

  /** Deletes a refresh token; its access tokens live until they expire, as with HubSpot's v1 revoke. Unknown tokens are no error (RFC 7009 §2.2). */
  revoke(input: ClientCredentials & { token?: string }): void {
    const token = required(input.token, 'token');
    this.checkClient(input);
    this.refreshTokens.delete(token);
  }

  /** The app was removed from the portal: every token of it stops working. */
  uninstall(portalId: number, by: RecordedUninstall['by']): void {
    for (const [token, grant] of this.refreshTokens) if (grant.portal.id === portalId) this.refreshTokens.delete(token);
    for (const [token, issued] of this.accessTokens) if (issued.portal.id === portalId) this.accessTokens.delete(token);
    this.uninstallLog.push({ portalId, at: new Date(this.now()).toISOString(), by });
    this.journal.recordAppLifecycle(portalId, 'APP_UNINSTALL');
  }

  uninstalls(): readonly RecordedUninstall[] {
    return [...this.uninstallLog];
  }

  checkAccessToken(token: string): AccessTokenCheck {
    const issued = this.accessTokens.get(token);
    if (!issued) return { kind: 'unknown' };
    if (issued.expiresAt <= this.now())
      return { kind: 'expired', portalId: issued.portal.id, expiredAt: issued.expiresAt };
    return { kind: 'valid', portalId: issued.portal.id, scopes: issued.scopes };
  }

  private revokeGrant(refreshToken: string): void {
    this.refreshTokens.delete(refreshToken);
    for (const [token, issued] of this.accessTokens)
      if (issued.refreshToken === refreshToken) this.accessTokens.delete(token);
  }

  private checkClient(input: ClientCredentials): void {
    const clientId = required(input.clientId, 'client_id');
    const clientSecret = required(input.clientSecret, 'client_secret');
    if (clientId !== this.app.clientId || clientSecret !== this.app.clientSecret) {
      throw new OAuthError(
        'invalid_client',
        'client authentication failed: unknown client_id or wrong client_secret',
        401,
      );
    }
  }

  private issueAccessToken(grant: Grant, refreshToken: string): TokenResponseBody {
    // Opaque like HubSpot's (which are base64 protobufs starting with "C"); a prefix keeps them recognisable in tests.
    const accessToken = `CO${randomBytes(32).toString('base64url')}`;
    this.accessTokens.set(accessToken, {
      ...grant,
      refreshToken,
      expiresAt: this.now() + this.accessTtlSeconds * 1000,
    });
    return {
      token_type: 'bearer',
      token_use: 'access_token',
      access_token: accessToken,
      refresh_token: refreshToken,
      expires_in: this.accessTtlSeconds,
      hub_id: grant.portal.id,
      user_id: grant.portal.userId,
      scopes: grant.scopes,
    };
  }
}
