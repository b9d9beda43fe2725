import type { Request, RequestHandler, Response } from 'express';
import type { Database } from '../../db/client';
import { authenticateKey } from '../../services/ingestion/api-keys';
import { AppError } from '../app-error';

export type IngestionCaller = { portalId: number; keyId: string };

/** `Authorization: Bearer <key>`, or Basic with the key as user name (Segment's write key). */
function presentedKey(request: Request): string | undefined {
  const header = request.get('authorization');
  if (!header) return undefined;
  const [scheme, value] = header.split(' ', 2);
  if (!value) return undefined;
  if (scheme?.toLowerCase() === 'bearer') return value.trim();
  if (scheme?.toLowerCase() === 'basic') {
    const decoded = Buffer.from(value.trim(), 'base64').toString('utf8');
    const separator = decoded.indexOf(':');
    return separator === -1 ? decoded : decoded.slice(0, separator);
  }
  return undefined;
}

/** Every ingestion request carries a portal's key; the request then reads and writes that portal only. */
export function ingestionAuth(db: Database, realm: 'bearer' | 'basic'): RequestHandler {
  return async (request, response, next) => {
    const key = presentedKey(request);
    const caller = key === undefined ? undefined : await authenticateKey(db, key, 'ingest');
    if (!caller) {
      response.set('WWW-Authenticate', realm === 'basic' ? 'Basic realm="ingestion"' : 'Bearer realm="ingestion"');
      throw new AppError('unauthorized', key === undefined ? 'An ingestion API key is required' : 'The ingestion API key is not valid or was revoked');
    }
    response.locals.ingestionCaller = caller;
    next();
  };
}

export function callerOf(response: Response): IngestionCaller {
  const caller: unknown = response.locals.ingestionCaller;
  if (typeof caller !== 'object' || caller === null || !('portalId' in caller)) throw new AppError('unauthorized', 'An ingestion API key is required');
  return caller as IngestionCaller;
}
