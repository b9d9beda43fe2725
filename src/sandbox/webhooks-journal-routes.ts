import express, { type Express, type Request, type RequestHandler } from 'express';
import { z } from 'zod';
import type { CallCounter } from './call-counter';
import { HubSpotError } from './errors';
import type { SandboxOAuthAuthority } from './oauth-authority';
import { appLifecycleActions, journalFilePath, type JournalFetchResponse } from './webhooks-journal';

/** The pattern of the route that matched (Express types it as `any`), else the request's path. */
function routePattern(request: Request): string {
  const route: unknown = request.route;
  return typeof route === 'object' && route !== null && 'path' in route && typeof route.path === 'string'
    ? route.path
    : request.path;
}

const version = '2026-03';

// HubSpot's subscription body; the sandbox's journal holds app lifecycle events only, so other types are refused by name.
const subscriptionBodySchema = z.object({
  subscriptionType: z.enum([
    'OBJECT',
    'ASSOCIATION',
    'EVENT',
    'APP_LIFECYCLE_EVENT',
    'LIST_MEMBERSHIP',
    'GDPR_PRIVACY_DELETION',
  ]),
  actions: z.array(z.string()).min(1),
  portalId: z.number().int().positive().optional(),
  objectTypeId: z.string().optional(),
  properties: z.array(z.string()).optional(),
});
const lifecycleActionsSchema = z.array(z.enum(appLifecycleActions));
const fileQuerySchema = z.object({ expires: z.coerce.number().int(), signature: z.string().min(1) });

function bearerToken(request: Request): string | undefined {
  return /^Bearer\s+(\S+)$/i.exec(request.get('authorization') ?? '')?.[1];
}

function baseUrlOf(request: Request): string {
  return `${request.protocol}://${request.get('host') ?? 'localhost'}`;
}

/**
 * HubSpot's webhooks journal (2026-03) for the app: subscriptions and the global journal, behind a client credentials
 * token with the matching scope, and the entries' pre-signed file URLs, which take no token.
 */
export function registerWebhooksJournalRoutes(
  app: Express,
  authority: SandboxOAuthAuthority,
  counter: CallCounter,
): void {
  const { journal } = authority;
  const needs =
    (scope: string): RequestHandler =>
    (request, _response, next) => {
      counter.record(`${request.method} ${routePattern(request)}`);
      const check = authority.appTokens.check(bearerToken(request));
      if (check.kind === 'invalid')
        throw new HubSpotError(
          401,
          'INVALID_AUTHENTICATION',
          'Authentication credentials not found. This API supports OAuth 2.0 client credentials authentication.',
        );
      if (!check.scopes.includes(scope)) {
        throw new HubSpotError(
          403,
          'VALIDATION_ERROR',
          "This app hasn't been granted all required scopes to make this call.",
          { context: { requiredGranularScopes: [scope] } },
        );
      }
      next();
    };
  const answer = (found: JournalFetchResponse | undefined, response: express.Response) => {
    if (found) response.json(found);
    else response.status(204).end();
  };

  app.post(
    `/webhooks-journal/subscriptions/${version}`,
    needs('developer.webhooks_journal.subscriptions.write'),
    express.json(),
    (request, response) => {
      const body = subscriptionBodySchema.safeParse(request.body);
      if (!body.success)
        throw new HubSpotError(
          400,
          'VALIDATION_ERROR',
          `Invalid input JSON: ${body.error.issues.map((issue) => issue.path.join('.')).join(', ')}`,
        );
      if (body.data.subscriptionType !== 'APP_LIFECYCLE_EVENT') {
        throw new HubSpotError(
          400,
          'VALIDATION_ERROR',
          `The sandbox's journal holds APP_LIFECYCLE_EVENT subscriptions only, not ${body.data.subscriptionType}`,
        );
      }
      const actions = lifecycleActionsSchema.safeParse(body.data.actions);
      if (!actions.success)
        throw new HubSpotError(
          400,
          'VALIDATION_ERROR',
          `APP_LIFECYCLE_EVENT actions are ${appLifecycleActions.join(', ')}`,
        );
      response.json(journal.subscribe(actions.data));
    },
  );
  app.get(
    `/webhooks-journal/subscriptions/${version}`,
    needs('developer.webhooks_journal.subscriptions.read'),
    (_request, response) => {
      response.json({ results: journal.subscriptions() });
    },
  );

  const read = needs('developer.webhooks_journal.read');
  app.get(`/webhooks-journal/journal/${version}/earliest`, read, (request, response) =>
    answer(journal.earliest(baseUrlOf(request)), response),
  );
  app.get(`/webhooks-journal/journal/${version}/latest`, read, (request, response) =>
    answer(journal.latest(baseUrlOf(request)), response),
  );
  app.get(`/webhooks-journal/journal/${version}/offset/:offset/next`, read, (request, response) => {
    const found = journal.next(String(request.params.offset), baseUrlOf(request));
    if (found === 'gone')
      throw new HubSpotError(
        404,
        'OBJECT_NOT_FOUND',
        `Offset ${String(request.params.offset)} has expired or does not exist`,
      );
    answer(found, response);
  });

  app.get(`${journalFilePath}/:offset`, (request, response) => {
    const query = fileQuerySchema.safeParse(request.query);
    const events = query.success
      ? journal.file(request.params.offset, query.data.expires, query.data.signature)
      : undefined;
    if (!events) {
      response.status(403).type('text/plain').send('The signed URL is invalid or has expired');
      return;
    }
    response.json({ events });
  });
}
