import type { RequestHandler } from 'express';
import { HubSpotError } from './errors';

export const missingCredentials =
  'Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview';

/** Requires `Authorization: Bearer <token>`; any token unless `accessToken` pins one. */
export function authenticate(accessToken: string | undefined): RequestHandler {
  return (request, response, next) => {
    const token = /^Bearer\s+(\S+)$/i.exec(request.get('authorization') ?? '')?.[1];
    if (token === undefined || (accessToken !== undefined && token !== accessToken)) {
      response.status(401).json(new HubSpotError(401, 'INVALID_AUTHENTICATION', missingCredentials).body());
      return;
    }
    next();
  };
}
