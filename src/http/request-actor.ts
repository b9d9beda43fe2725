import type { Request } from 'express';
import { apiCallerOf } from './middleware/api-auth';

/**
 * Who acts, as the audit trail records it: the API key that authenticated the request, or, on an open
 * (local) API, the address it came from. Never a name the caller writes in the body.
 */
export function actorOf(request: Request): string {
  const caller = apiCallerOf(request);
  if (caller === undefined) return `open-api:${request.ip ?? 'unknown'}`;
  return caller.keyName ? `api-key:${caller.keyId} (${caller.keyName})` : `api-key:${caller.keyId}`;
}
