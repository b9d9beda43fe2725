import type { RequestHandler } from 'express';
import { missingCredentials } from './authentication';
import type { CallCounter } from './call-counter';
import { HubSpotError } from './errors';
import type { SandboxOAuthAuthority } from './oauth-authority';

const externalInstallPath = /^\/appinstalls\/(v3|2026-03)\/external-install$/;

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
    response.locals.oauthPortalId = check.portalId;
    next();
  };
}
