import { Client } from '@hubspot/api-client';
import { z } from 'zod';
import { withRetry, type RetryOptions } from '../client';
import { OAuthRejectedError, readOAuthAnswer, withoutRequestDetails } from './oauth-response';

export { OAuthRejectedError } from './oauth-response';

export interface OAuthApiOptions {
  readonly clientId: string;
  readonly clientSecret: string;
  /** HubSpot's API (default) or the sandbox's URL. */
  readonly baseUrl?: string;
  readonly retry?: RetryOptions;
}

export interface TokenGrant {
  readonly accessToken: string;
  readonly refreshToken: string;
  readonly expiresInSeconds: number;
}

export interface AccessTokenInfo {
  readonly portalId: number;
  readonly userId: number | undefined;
  readonly scopes: string[];
  readonly hubDomain: string | undefined;
  readonly expiresInSeconds: number;
}

const tokenResponseSchema = z.object({
  access_token: z.string().min(1),
  refresh_token: z.string().min(1),
  expires_in: z.number().int().positive(),
});

const appTokenResponseSchema = z.object({ access_token: z.string().min(1), expires_in: z.number().int().positive() });

const introspectionSchema = z.discriminatedUnion('active', [
  z.object({ active: z.literal(false) }),
  z.object({
    active: z.literal(true),
    token_use: z.enum(['access_token', 'refresh_token']),
    hub_id: z.number().int().positive(),
    user_id: z.number().int().optional(),
    hub_domain: z.string().optional(),
    scopes: z.array(z.string()),
    expires_in: z.number().int().optional(),
  }),
]);

export interface OAuthApi {
  exchangeCode(code: string, redirectUri: string): Promise<TokenGrant>;
  refresh(refreshToken: string): Promise<TokenGrant>;
  /** The portal, user and scopes of a live access token; a dead one is refused with `inactive_token`. */
  accessTokenInfo(accessToken: string): Promise<AccessTokenInfo>;
  /** Revokes the refresh token at HubSpot; `false` when HubSpot no longer knew it. */
  revokeRefreshToken(refreshToken: string): Promise<boolean>;
  /** A client credentials token: acts for the app itself (the webhooks journal), not for a portal. */
  appAccessToken(scopes: readonly string[]): Promise<{ accessToken: string; expiresInSeconds: number }>;
}

/**
 * HubSpot's OAuth 2026-03 endpoints through the official client's generic `apiRequest` (v13 has typed methods for
 * the v1 paths only). Every parameter travels in the urlencoded body, never in the URL.
 */
export function createOAuthApi(options: OAuthApiOptions): OAuthApi {
  const client = new Client({
    numberOfApiCallRetries: 0,
    ...(options.baseUrl ? { basePath: options.baseUrl.replace(/\/$/, '') } : {}),
  });
  const post = async <T>(
    operation: string,
    path: string,
    fields: Record<string, string>,
    schema: z.ZodType<T> | undefined,
  ): Promise<T | undefined> => {
    const body = new URLSearchParams({
      ...fields,
      client_id: options.clientId,
      client_secret: options.clientSecret,
    }).toString();
    const request = () =>
      client.apiRequest({
        method: 'POST',
        path,
        body,
        defaultJson: false,
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
      });
    try {
      return await withRetry(operation, async () => readOAuthAnswer(operation, await request(), schema), options.retry);
    } catch (error) {
      throw withoutRequestDetails(error, operation);
    }
  };
  const grant = (answer: z.infer<typeof tokenResponseSchema> | undefined): TokenGrant => {
    if (!answer) throw new Error('HubSpot answered the token request without a body');
    return {
      accessToken: answer.access_token,
      refreshToken: answer.refresh_token,
      expiresInSeconds: answer.expires_in,
    };
  };
  const introspect = async (token: string, hint: 'access_token' | 'refresh_token') => {
    const info = await post(
      'the token introspection',
      '/oauth/2026-03/token/introspect',
      { token, token_type_hint: hint },
      introspectionSchema,
    );
    if (!info) throw new Error('HubSpot answered the introspection without a body');
    return info;
  };

  return {
    exchangeCode: async (code, redirectUri) =>
      grant(
        await post(
          'the authorization code',
          '/oauth/2026-03/token',
          { grant_type: 'authorization_code', code, redirect_uri: redirectUri },
          tokenResponseSchema,
        ),
      ),
    refresh: async (refreshToken) =>
      grant(
        await post(
          'the refresh token',
          '/oauth/2026-03/token',
          { grant_type: 'refresh_token', refresh_token: refreshToken },
          tokenResponseSchema,
        ),
      ),
    async accessTokenInfo(accessToken) {
      const info = await introspect(accessToken, 'access_token');
      if (!info.active || info.token_use !== 'access_token')
        throw new OAuthRejectedError('inactive_token', 200, 'HubSpot says the access token is not active');
      return {
        portalId: info.hub_id,
        userId: info.user_id,
        scopes: info.scopes,
        hubDomain: info.hub_domain,
        expiresInSeconds: info.expires_in ?? 0,
      };
    },
    async appAccessToken(scopes) {
      const answer = await post(
        'the client credentials token',
        '/oauth/2026-03/token',
        { grant_type: 'client_credentials', scope: scopes.join(' ') },
        appTokenResponseSchema,
      );
      if (!answer) throw new Error('HubSpot answered the token request without a body');
      return { accessToken: answer.access_token, expiresInSeconds: answer.expires_in };
    },
    async revokeRefreshToken(refreshToken) {
      // Revocation answers 200 for unknown tokens too (RFC 7009), so introspection tells whether HubSpot still had it.
      const known = (await introspect(refreshToken, 'refresh_token')).active;
      if (known)
        await post(
          'the refresh token revocation',
          '/oauth/2026-03/token/revoke',
          { token: refreshToken, token_type_hint: 'refresh_token' },
          undefined,
        );
      return known;
    },
  };
}
