import type { Request, RequestHandler } from 'express';
import type { Database } from '../../db/client';
import { authenticateKey } from '../../services/ingestion/api-keys';
import { ServiceError } from '../../services/service-error';
import { presentedKey } from './presented-key';
import { markCredentialProved } from './rate-limit';

/** How the portal's data API (/api/v1 outside ingestion) is guarded. */
export const apiAuthModes: readonly string[] = ['keys', 'open'] satisfies readonly ApiAuthMode[];
export type ApiAuthMode = 'keys' | 'open';

export type ApiCaller = { readonly portalId: number; readonly keyId: string; readonly keyName: string | null };

// Ingestion's writes under /api/v1 keep their own keys (ingestion-auth.ts): an api key does not open them.
// Its reads (GET /usage/unmatched) are the data API's: an ingest key, which may sit in a front end, reads nothing.
const ingestionPrefixes = ['/usage', '/surveys'];

const callers = new WeakMap<Request, ApiCaller>();

function isIngestionWrite(request: Request): boolean {
  const lower = request.path.toLowerCase();
  return (
    request.method !== 'GET' &&
    request.method !== 'HEAD' &&
    ingestionPrefixes.some((prefix) => lower === prefix || lower.startsWith(`${prefix}/`))
  );
}

function ingestKeyRefused(): ServiceError {
  return new ServiceError(
    'forbidden',
    'An ingest key only sends usage and surveys: reading needs an api-scope key (npm run keys -- create --portal <id> --scope api)',
    {
      fields: [{ field: 'Authorization', message: 'an api-scope key is required' }],
    },
  );
}

/** Open mode (no keys needed): a request that presents an ingest key is still refused what that key may not do. */
export function ingestKeysWriteOnly(db: Database): RequestHandler {
  return async (request, _response, next) => {
    const key = isIngestionWrite(request) ? undefined : presentedKey(request, 'bearer');
    if (key !== undefined && (await authenticateKey(db, key, 'ingest'))) throw ingestKeyRefused();
    next();
  };
}

/** Mounted at /api/v1: every request but ingestion's writes needs `Authorization: Bearer <api key>`; the key decides the portal. */
export function apiKeyAuth(db: Database): RequestHandler {
  return async (request, response, next) => {
    if (isIngestionWrite(request)) {
      next();
      return;
    }
    const key = presentedKey(request, 'bearer');
    const caller = key === undefined ? undefined : await authenticateKey(db, key, 'api');
    if (!caller && key !== undefined && (await authenticateKey(db, key, 'ingest'))) throw ingestKeyRefused();
    if (!caller) {
      response.set('WWW-Authenticate', 'Bearer realm="api"');
      const message =
        key === undefined
          ? 'The Authorization header is required: `Authorization: Bearer <api key>` (npm run keys -- create --portal <id> --scope api)'
          : 'The API key in the Authorization header is not valid, was revoked, or is not an api-scope key';
      throw new ServiceError('unauthorized', message, {
        fields: [{ field: 'Authorization', message: 'Bearer <api key> required' }],
      });
    }
    callers.set(request, caller);
    markCredentialProved(response);
    next();
  };
}

/** The api key's caller of a request that passed `apiKeyAuth`, if any. */
export function apiCallerOf(request: Request): ApiCaller | undefined {
  return callers.get(request);
}
