import { randomUUID } from 'node:crypto';
import express, { type Express, type Request, type Response } from 'express';
import { z } from 'zod';
import type { CallCounter } from './call-counter';
import { OAuthError, type SandboxOAuthAuthority } from './oauth-authority';

const authorizeQuerySchema = z.object({
  client_id: z.string().min(1),
  redirect_uri: z.string().url(),
  scope: z.string().min(1),
  optional_scope: z.string().optional(),
  state: z.string().optional(),
  /** Sandbox only: stands for the account picker of HubSpot's install page. */
  portalId: z.coerce.number().int().positive().optional(),
});

const tokenFormSchema = z.object({
  grant_type: z.string().optional(),
  client_id: z.string().optional(),
  client_secret: z.string().optional(),
  redirect_uri: z.string().optional(),
  code: z.string().optional(),
  refresh_token: z.string().optional(),
});

function sendOAuthError(response: Response, error: OAuthError): void {
  response.status(error.httpStatus).json({ status: error.status, message: error.message, correlationId: randomUUID(), requestId: randomUUID() });
}

function tokenParam(request: Request): string {
  const token = request.params.token;
  return typeof token === 'string' ? token : '';
}

function splitScopes(value: string | undefined): string[] {
  // HubSpot accepts scopes separated by spaces (encoded as + or %20).
  return (value ?? '').split(/[\s+]+/).filter((scope) => scope !== '');
}

/** HubSpot's OAuth 2.0 endpoints (v1) plus a stand-in for the install page on app.hubspot.com. */
export function registerOAuthRoutes(app: Express, authority: SandboxOAuthAuthority, counter: CallCounter): void {
  const count = (key: string) => (_request: Request, _response: Response, next: () => void) => {
    counter.record(key);
    next();
  };

  app.get('/oauth/authorize', count('GET /oauth/authorize'), (request, response) => {
    const query = authorizeQuerySchema.safeParse(request.query);
    if (!query.success) {
      response.status(400).type('text/plain').send(`Invalid install link: ${query.error.issues.map((issue) => issue.path.join('.')).join(', ')}`);
      return;
    }
    try {
      const { client_id: clientId, redirect_uri: redirectUri, state, portalId } = query.data;
      const scopes = [...splitScopes(query.data.scope), ...splitScopes(query.data.optional_scope)];
      const code = authority.authorize({ clientId, redirectUri, scopes, ...(portalId === undefined ? {} : { portalId }) });
      const target = new URL(redirectUri);
      target.searchParams.set('code', code);
      if (state !== undefined) target.searchParams.set('state', state);
      response.redirect(302, target.toString());
    } catch (error) {
      if (!(error instanceof OAuthError)) throw error;
      response.status(400).type('text/plain').send(`${error.status}: ${error.message}`);
    }
  });

  app.post('/oauth/v1/token', count('POST /oauth/v1/token'), express.urlencoded({ extended: false }), (request, response) => {
    const form = tokenFormSchema.safeParse(request.body ?? {});
    try {
      if (!form.success) throw new OAuthError('BAD_REQUEST', 'the body must be a form');
      const { grant_type: grantType, client_id: clientId, client_secret: clientSecret } = form.data;
      if (grantType === 'authorization_code') {
        response.json(authority.exchangeCode({ code: form.data.code, redirectUri: form.data.redirect_uri, clientId, clientSecret }));
      } else if (grantType === 'refresh_token') {
        response.json(authority.refresh({ refreshToken: form.data.refresh_token, clientId, clientSecret }));
      } else {
        throw new OAuthError('BAD_GRANT_TYPE', 'missing or unknown grant type');
      }
    } catch (error) {
      if (!(error instanceof OAuthError)) throw error;
      sendOAuthError(response, error);
    }
  });

  app.get('/oauth/v1/access-tokens/:token', count('GET /oauth/v1/access-tokens/{token}'), (request, response) => {
    const info = authority.accessTokenInfo(tokenParam(request));
    if (!info) {
      sendOAuthError(response, new OAuthError('NOT_FOUND', 'missing or expired access token', 404));
      return;
    }
    response.json(info);
  });

  app.get('/oauth/v1/refresh-tokens/:token', count('GET /oauth/v1/refresh-tokens/{token}'), (request, response) => {
    const info = authority.refreshTokenInfo(tokenParam(request));
    if (!info) {
      sendOAuthError(response, new OAuthError('NOT_FOUND', 'missing or invalid refresh token', 404));
      return;
    }
    response.json(info);
  });

  app.delete('/oauth/v1/refresh-tokens/:token', count('DELETE /oauth/v1/refresh-tokens/{token}'), (request, response) => {
    if (!authority.revokeRefreshToken(tokenParam(request))) {
      sendOAuthError(response, new OAuthError('NOT_FOUND', 'missing or invalid refresh token', 404));
      return;
    }
    response.status(204).end();
  });
}
