import { Client } from '@hubspot/api-client';
import { z } from 'zod';
import { statusOf, withRetry, type RetryOptions } from '../client';

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

/** HubSpot refused a token request; `status` is its code (BAD_AUTH_CODE, BAD_REFRESH_TOKEN, BAD_CLIENT_ID…). */
export class OAuthRejectedError extends Error {
  constructor(readonly status: string, readonly httpStatus: number, message: string) {
    super(message);
    this.name = 'OAuthRejectedError';
  }
}

const errorBodySchema = z.object({ status: z.string().optional(), message: z.string().optional() });

const networkErrorSchema = z.object({ code: z.string() });

function rejection(error: unknown, operation: string): unknown {
  const httpStatus = statusOf(error);
  if (httpStatus === undefined) {
    // A network error's message carries the URL, and two of these URLs end in a token: keep only its code.
    const network = networkErrorSchema.safeParse(error);
    return new Error(`HubSpot could not be reached for ${operation}${network.success ? ` (${network.data.code})` : ''}`);
  }
  if (httpStatus >= 500 || httpStatus === 429) return error;
  const body = errorBodySchema.safeParse(error && typeof error === 'object' && 'body' in error ? error.body : undefined);
  const status = body.success ? (body.data.status ?? 'UNKNOWN') : 'UNKNOWN';
  const message = body.success ? (body.data.message ?? '') : '';
  return new OAuthRejectedError(status, httpStatus, `HubSpot refused ${operation}: ${status} ${message}`.trim());
}

export interface OAuthApi {
  exchangeCode(code: string, redirectUri: string): Promise<TokenGrant>;
  refresh(refreshToken: string): Promise<TokenGrant>;
  accessTokenInfo(accessToken: string): Promise<AccessTokenInfo>;
  /** Deletes the refresh token at HubSpot; `false` when HubSpot no longer knew it. */
  revokeRefreshToken(refreshToken: string): Promise<boolean>;
}

/** HubSpot's OAuth token endpoints (v1) through the official client's `oauth` APIs. */
export function createOAuthApi(options: OAuthApiOptions): OAuthApi {
  const client = new Client({ numberOfApiCallRetries: 0, ...(options.baseUrl ? { basePath: options.baseUrl.replace(/\/$/, '') } : {}) });
  const { tokensApi, accessTokensApi, refreshTokensApi } = client.oauth;
  const call = async <T>(operation: string, request: () => Promise<T>): Promise<T> => {
    try {
      return await withRetry(operation, request, options.retry);
    } catch (error) {
      throw rejection(error, operation);
    }
  };
  const grant = (answer: { accessToken: string; refreshToken: string; expiresIn: number }): TokenGrant => ({
    accessToken: answer.accessToken,
    refreshToken: answer.refreshToken,
    expiresInSeconds: answer.expiresIn,
  });

  return {
    exchangeCode: async (code, redirectUri) =>
      grant(await call('the authorization code', () => tokensApi.create('authorization_code', code, redirectUri, options.clientId, options.clientSecret))),
    refresh: async (refreshToken) =>
      grant(await call('the refresh token', () => tokensApi.create('refresh_token', undefined, undefined, options.clientId, options.clientSecret, refreshToken))),
    async accessTokenInfo(accessToken) {
      const info = await call('the access token lookup', () => accessTokensApi.get(accessToken));
      return { portalId: info.hubId, userId: info.userId, scopes: info.scopes, hubDomain: info.hubDomain, expiresInSeconds: info.expiresIn };
    },
    async revokeRefreshToken(refreshToken) {
      try {
        await call('the refresh token revocation', () => refreshTokensApi.archive(refreshToken));
        return true;
      } catch (error) {
        if (error instanceof OAuthRejectedError && error.httpStatus === 404) return false;
        throw error;
      }
    },
  };
}
