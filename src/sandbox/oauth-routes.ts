import express, { type Express, type Request, type RequestHandler, type Response } from 'express';
import { z } from 'zod';
import type { CallCounter } from './call-counter';
import type { SandboxOAuthAuthority } from './oauth-authority';
import { OAuthError } from './oauth-errors';

const authorizeQuerySchema = z.object({
  client_id: z.string().min(1),
  redirect_uri: z.url(),
  scope: z.string().min(1),
  optional_scope: z.string().optional(),
  state: z.string().optional(),
  /** Sandbox only: stands for the account picker of HubSpot's install page. */
  portalId: z.coerce.number().int().positive().optional(),
});

const formSchema = z.record(z.string(), z.string());

// 2026-03 takes every parameter in the form body; a secret or token in the URL ends up in logs, so it is refused.
const secretQueryParameters = [
  'client_id',
  'client_secret',
  'code',
  'refresh_token',
  'token',
  'redirect_uri',
  'grant_type',
];

function splitScopes(value: string | undefined): string[] {
  // HubSpot accepts scopes separated by spaces (encoded as + or %20).
  return (value ?? '').split(/[\s+]+/).filter((scope) => scope !== '');
}

/** The form body, checked the way HubSpot's 2026-03 endpoints need it: urlencoded, nothing in the query string. */
function formOf(request: Request): Record<string, string> {
  const inQuery = secretQueryParameters.filter((name) => name in request.query);
  if (inQuery.length > 0)
    throw new OAuthError('invalid_request', `parameters must be in the form body, not the URL: ${inQuery.join(', ')}`);
  if (!request.is('application/x-www-form-urlencoded'))
    throw new OAuthError('invalid_request', 'the body must be application/x-www-form-urlencoded');
  const form = formSchema.safeParse(request.body ?? {});
  if (!form.success) throw new OAuthError('invalid_request', 'every parameter must appear once');
  return form.data;
}

function answer(handle: (form: Record<string, string>) => object | undefined): RequestHandler {
  return (request: Request, response: Response) => {
    // RFC 6749 §5.1: token responses are never cached.
    response.setHeader('Cache-Control', 'no-store');
    try {
      const body = handle(formOf(request));
      if (body === undefined) response.status(200).end();
      else response.json(body);
    } catch (error) {
      if (!(error instanceof OAuthError)) throw error;
      response.status(error.httpStatus).json(error.body());
    }
  };
}

/** HubSpot's OAuth 2026-03 endpoints plus a stand-in for the install page on app.hubspot.com. */
export function registerOAuthRoutes(app: Express, authority: SandboxOAuthAuthority, counter: CallCounter): void {
  const count =
    (key: string): RequestHandler =>
    (_request, _response, next) => {
      counter.record(key);
      next();
    };
  const form = express.urlencoded({ extended: false, parameterLimit: 20 });

  app.get('/oauth/authorize', count('GET /oauth/authorize'), (request, response) => {
    const query = authorizeQuerySchema.safeParse(request.query);
    if (!query.success) {
      response
        .status(400)
        .type('text/plain')
        .send(`Invalid install link: ${query.error.issues.map((issue) => issue.path.join('.')).join(', ')}`);
      return;
    }
    try {
      const { client_id: clientId, redirect_uri: redirectUri, state, portalId } = query.data;
      const declined = new Set(authority.app.declinedScopes ?? []);
      const optional = splitScopes(query.data.optional_scope).filter((scope) => !declined.has(scope));
      const scopes = [...splitScopes(query.data.scope), ...optional];
      const code = authority.authorize({
        clientId,
        redirectUri,
        scopes,
        ...(portalId === undefined ? {} : { portalId }),
      });
      const target = new URL(redirectUri);
      target.searchParams.set('code', code);
      if (state !== undefined) target.searchParams.set('state', state);
      response.redirect(302, target.toString());
    } catch (error) {
      if (!(error instanceof OAuthError)) throw error;
      response.status(400).type('text/plain').send(`${error.error}: ${error.description}`);
    }
  });

  app.post(
    '/oauth/2026-03/token',
    count('POST /oauth/2026-03/token'),
    form,
    answer((body) => {
      const client = { clientId: body.client_id, clientSecret: body.client_secret };
      if (body.grant_type === 'authorization_code')
        return authority.exchangeCode({ ...client, code: body.code, redirectUri: body.redirect_uri });
      if (body.grant_type === 'refresh_token')
        return authority.refresh({ ...client, refreshToken: body.refresh_token });
      if (body.grant_type === 'client_credentials')
        return authority.clientCredentials({ ...client, scope: body.scope });
      if (body.grant_type === undefined)
        throw new OAuthError('invalid_request', 'missing required parameter grant_type');
      throw new OAuthError('unsupported_grant_type', `grant_type ${body.grant_type} is not supported`);
    }),
  );

  app.post(
    '/oauth/2026-03/token/introspect',
    count('POST /oauth/2026-03/token/introspect'),
    form,
    answer((body) =>
      authority.introspect({
        clientId: body.client_id,
        clientSecret: body.client_secret,
        token: body.token,
        tokenTypeHint: body.token_type_hint,
      }),
    ),
  );

  app.post(
    '/oauth/2026-03/token/revoke',
    count('POST /oauth/2026-03/token/revoke'),
    form,
    answer((body) => {
      authority.revoke({ clientId: body.client_id, clientSecret: body.client_secret, token: body.token });
      return undefined;
    }),
  );
}
