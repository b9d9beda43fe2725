import type { Grant, IssuedAccessToken } from './oauth-grants';

/** HubSpot's PublicAccessTokenInfoResponse / PublicRefreshTokenInfoResponse (oauth 2026-03), or RFC 7662's inactive answer. */
export type IntrospectionBody =
  | { readonly active: false }
  | {
      readonly active: true;
      readonly token: string;
      readonly token_use: 'access_token' | 'refresh_token';
      readonly token_type: string;
      readonly client_id: string;
      readonly app_id: number;
      readonly hub_id: number;
      readonly hub_domain: string;
      readonly user: string;
      readonly user_id: number;
      readonly scopes: readonly string[];
      readonly expires_in?: number;
      readonly is_private_distribution?: boolean;
    };

export const inactiveToken: IntrospectionBody = { active: false };

interface IntrospectionContext {
  readonly clientId: string;
  readonly appId: number;
  readonly now: number;
}

function grantFields(token: string, grant: Grant, context: IntrospectionContext) {
  return {
    active: true as const,
    token,
    client_id: context.clientId,
    app_id: context.appId,
    hub_id: grant.portal.id,
    hub_domain: grant.portal.hubDomain,
    user: grant.portal.user,
    user_id: grant.portal.userId,
    scopes: grant.scopes,
  };
}

export function accessTokenInfo(
  token: string,
  issued: IssuedAccessToken,
  context: IntrospectionContext,
): IntrospectionBody {
  return {
    ...grantFields(token, issued, context),
    token_use: 'access_token',
    token_type: 'bearer',
    expires_in: Math.floor((issued.expiresAt - context.now) / 1000),
    is_private_distribution: false,
  };
}

export function refreshTokenInfo(token: string, grant: Grant, context: IntrospectionContext): IntrospectionBody {
  return { ...grantFields(token, grant, context), token_use: 'refresh_token', token_type: 'refresh' };
}
