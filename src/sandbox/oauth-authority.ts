import { randomBytes, randomUUID } from 'node:crypto';

export interface SandboxOAuthApp {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly appId?: number;
  /** HubSpot's access tokens live 30 minutes; tests shorten it to see a refresh. */
  readonly accessTokenTtlSeconds?: number;
  /** When set, the authorize step only redirects to these URIs, like the app's configured redirect URLs. */
  readonly redirectUris?: readonly string[];
}

export interface InstallablePortal {
  readonly id: number;
  readonly hubDomain: string;
  readonly userId: number;
  readonly user: string;
}

/** HubSpot's v1 token errors: 400 with `{ status, message }`. */
export class OAuthError extends Error {
  constructor(readonly status: string, message: string, readonly httpStatus = 400) {
    super(message);
  }
}

interface Grant {
  readonly portal: InstallablePortal;
  readonly scopes: readonly string[];
}

interface IssuedCode extends Grant {
  readonly redirectUri: string;
  readonly expiresAt: number;
}

interface IssuedAccessToken extends Grant {
  readonly expiresAt: number;
}

export interface TokenResponseBody {
  readonly token_type: 'bearer';
  readonly access_token: string;
  readonly refresh_token: string;
  readonly expires_in: number;
  readonly hub_id: number;
  readonly user_id: number;
  readonly scopes: readonly string[];
}

export type AccessTokenCheck =
  | { readonly kind: 'valid'; readonly portalId: number }
  | { readonly kind: 'expired'; readonly portalId: number; readonly expiredAt: number }
  | { readonly kind: 'unknown' };

const codeTtlMilliseconds = 10 * 60_000;

/** The in-memory state of HubSpot's OAuth server for one app: codes, access and refresh tokens. */
export class SandboxOAuthAuthority {
  readonly appId: number;
  private readonly accessTtlSeconds: number;
  private readonly codes = new Map<string, IssuedCode>();
  private readonly accessTokens = new Map<string, IssuedAccessToken>();
  private readonly refreshTokens = new Map<string, Grant>();

  constructor(
    readonly app: SandboxOAuthApp,
    readonly portals: readonly InstallablePortal[],
    private readonly now: () => number = Date.now,
  ) {
    if (portals.length === 0) throw new Error('the OAuth sandbox needs at least one portal to install into');
    this.appId = app.appId ?? 1_234_567;
    this.accessTtlSeconds = app.accessTokenTtlSeconds ?? 1800;
  }

  /** The user picked `portalId` (the first portal unless given) and approved the scopes. */
  authorize(input: { clientId: string; redirectUri: string; scopes: readonly string[]; portalId?: number }): string {
    if (input.clientId !== this.app.clientId) throw new OAuthError('BAD_CLIENT_ID', 'missing or unknown client id');
    if (this.app.redirectUris && !this.app.redirectUris.includes(input.redirectUri)) {
      throw new OAuthError('BAD_REDIRECT_URI', 'redirect_uri is not one of the app\'s redirect URLs');
    }
    if (input.scopes.length === 0) throw new OAuthError('BAD_SCOPES', 'missing scope');
    const portal = input.portalId === undefined ? this.portals[0] : this.portals.find((candidate) => candidate.id === input.portalId);
    if (!portal) throw new OAuthError('BAD_PORTAL', `portal ${input.portalId} is not an account of this sandbox`);
    const code = randomUUID();
    this.codes.set(code, { portal, scopes: input.scopes, redirectUri: input.redirectUri, expiresAt: this.now() + codeTtlMilliseconds });
    return code;
  }

  exchangeCode(input: { code?: string; redirectUri?: string; clientId?: string; clientSecret?: string }): TokenResponseBody {
    this.checkClient(input.clientId, input.clientSecret);
    const issued = input.code === undefined ? undefined : this.codes.get(input.code);
    if (!issued || issued.expiresAt <= this.now()) throw new OAuthError('BAD_AUTH_CODE', 'missing or unknown auth code');
    if (issued.redirectUri !== input.redirectUri) throw new OAuthError('BAD_REDIRECT_URI', 'redirect_uri does not match the one the code was issued for');
    // A code is good for one exchange.
    this.codes.delete(input.code ?? '');
    const refreshToken = randomUUID();
    this.refreshTokens.set(refreshToken, { portal: issued.portal, scopes: issued.scopes });
    return this.issueAccessToken(issued, refreshToken);
  }

  refresh(input: { refreshToken?: string; clientId?: string; clientSecret?: string }): TokenResponseBody {
    this.checkClient(input.clientId, input.clientSecret);
    const grant = input.refreshToken === undefined ? undefined : this.refreshTokens.get(input.refreshToken);
    if (!grant || input.refreshToken === undefined) throw new OAuthError('BAD_REFRESH_TOKEN', 'missing or invalid refresh token');
    // HubSpot hands back the same refresh token with each new access token.
    return this.issueAccessToken(grant, input.refreshToken);
  }

  accessTokenInfo(token: string) {
    const issued = this.accessTokens.get(token);
    if (!issued || issued.expiresAt <= this.now()) return undefined;
    return {
      token,
      user: issued.portal.user,
      hub_domain: issued.portal.hubDomain,
      scopes: issued.scopes,
      hub_id: issued.portal.id,
      app_id: this.appId,
      expires_in: Math.floor((issued.expiresAt - this.now()) / 1000),
      user_id: issued.portal.userId,
      token_type: 'access',
    };
  }

  refreshTokenInfo(token: string) {
    const grant = this.refreshTokens.get(token);
    if (!grant) return undefined;
    return {
      token,
      user: grant.portal.user,
      hub_domain: grant.portal.hubDomain,
      scopes: grant.scopes,
      hub_id: grant.portal.id,
      client_id: this.app.clientId,
      user_id: grant.portal.userId,
      token_type: 'refresh',
    };
  }

  /** Deletes the refresh token only: access tokens it produced keep working until they expire, as on HubSpot. */
  revokeRefreshToken(token: string): boolean {
    return this.refreshTokens.delete(token);
  }

  /** The app was uninstalled from the portal: every token of it stops working. */
  uninstall(portalId: number): void {
    for (const [token, grant] of this.refreshTokens) if (grant.portal.id === portalId) this.refreshTokens.delete(token);
    for (const [token, issued] of this.accessTokens) if (issued.portal.id === portalId) this.accessTokens.delete(token);
  }

  checkAccessToken(token: string): AccessTokenCheck {
    const issued = this.accessTokens.get(token);
    if (!issued) return { kind: 'unknown' };
    if (issued.expiresAt <= this.now()) return { kind: 'expired', portalId: issued.portal.id, expiredAt: issued.expiresAt };
    return { kind: 'valid', portalId: issued.portal.id };
  }

  private checkClient(clientId: string | undefined, clientSecret: string | undefined): void {
    if (clientId !== this.app.clientId) throw new OAuthError('BAD_CLIENT_ID', 'missing or unknown client id');
    if (clientSecret !== this.app.clientSecret) throw new OAuthError('BAD_CLIENT_SECRET', 'missing or invalid client secret');
  }

  private issueAccessToken(grant: Grant, refreshToken: string): TokenResponseBody {
    // Opaque like HubSpot's (which are base64 protobufs starting with "C"); a prefix keeps them recognisable in tests.
    const accessToken = `CO${randomBytes(32).toString('base64url')}`;
    this.accessTokens.set(accessToken, { ...grant, expiresAt: this.now() + this.accessTtlSeconds * 1000 });
    return {
      token_type: 'bearer',
      access_token: accessToken,
      refresh_token: refreshToken,
      expires_in: this.accessTtlSeconds,
      hub_id: grant.portal.id,
      user_id: grant.portal.userId,
      scopes: grant.scopes,
    };
  }
}
