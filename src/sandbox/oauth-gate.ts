import type { RequestHandler } from 'express';
import { missingCredentials } from './authentication';
import type { CallCounter } from './call-counter';
import { HubSpotError } from './errors';
import type { SandboxOAuthAuthority } from './oauth-authority';

const externalInstallPath = /^\/appinstalls\/(v3|2026-03)\/external-install$/;

// The calls of the app's optional scopes, which an install may lack (scopes guide; the multi-currency and feedback
// submissions guides name them).
const scopedPaths: readonly { readonly path: RegExp; readonly scope: string }[] = [
  { path: /^\/settings\/currencies\//, scope: 'settings.currencies.read' },
  { path: /^\/crm\/v3\/objects\/(feedback_submissions|0-19)(\/|$)/, scope: 'crm.objects.feedback_submissions.read' },
];

/** HubSpot's answer to a call the token has no scope for. */
function missingScopes(scope: string): HubSpotError {
  return new HubSpotError(
    403,
    'MISSING_SCOPES',
    "This app hasn't been granted all required scopes to make this call. Read more about required scopes here: https://developers.hubspot.com/scopes.",
    {
      errors: [
        { message: 'One or more of the following scopes are required.', context: { requiredGranularScopes: [scope] } },
      ],
      links: { scopes: 'https://developers.hubspot.com/scopes' },
    },
  );
}

function bearerToken(authorization: string | undefined): string | undefined {
  return /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
}

/**
 * Lets through only live access tokens the authority issued, leaving their portal in `response.locals.oauthPortalId`,
 * and serves HubSpot's app-uninstall endpoint (which needs such a token) itself. `counter` counts that call when
 * no route counter already does.
 */
export function oauthTokenGate(
  authority: SandboxOAuthAuthority,
  now: () => number,
  counter?: CallCounter,
): RequestHandler {
  return (request, response, next) => {
    const token = bearerToken(request.get('authorization'));
    const check = token === undefined ? { kind: 'unknown' as const } : authority.checkAccessToken(token);
    if (check.kind === 'unknown') throw new HubSpotError(401, 'INVALID_AUTHENTICATION', missingCredentials);
    if (check.kind === 'expired') {
      const minutes = Math.max(0, Math.floor((now() - check.expiredAt) / 60_000));
      throw new HubSpotError(
        401,
        'EXPIRED_AUTHENTICATION',
        `The OAuth token used to make this call expired ${minutes} minute(s) ago.`,
        {
          context: { 'expire time': [new Date(check.expiredAt).toISOString()] },
        },
      );
    }
    if (externalInstallPath.test(request.path)) {
      if (request.method !== 'DELETE')
        throw new HubSpotError(405, 'VALIDATION_ERROR', `${request.method} is not supported on ${request.path}`);
      counter?.record(`DELETE ${request.path}`);
      authority.uninstall(check.portalId, 'api');
      response.status(204).end();
      return;
    }
    const needed = scopedPaths.find((scoped) => scoped.path.test(request.path))?.scope;
    if (needed !== undefined && !check.scopes.includes(needed)) throw missingScopes(needed);
    response.locals.oauthPortalId = check.portalId;
    next();
  };
}
