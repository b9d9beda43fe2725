import type { RequestHandler, Response } from 'express';
import type { Database } from '../../db/client';
import { authenticateKey } from '../../services/ingestion/api-keys';
import { ServiceError } from '../../services/service-error';
import { presentedKey } from './presented-key';

export type IngestionCaller = { portalId: number; keyId: string };

/** Every ingestion request carries a portal's key; the request then reads and writes that portal only. */
export function ingestionAuth(db: Database, realm: 'bearer' | 'basic'): RequestHandler {
  return async (request, response, next) => {
    const key = presentedKey(request);
    const caller = key === undefined ? undefined : await authenticateKey(db, key, 'ingest');
    if (!caller) {
      response.set('WWW-Authenticate', realm === 'basic' ? 'Basic realm="ingestion"' : 'Bearer realm="ingestion"');
      throw new ServiceError(
        'unauthorized',
        key === undefined ? 'An ingestion API key is required' : 'The ingestion API key is not valid or was revoked',
      );
    }
    response.locals.ingestionCaller = caller;
    next();
  };
}

export function callerOf(response: Response): IngestionCaller {
  const caller: unknown = response.locals.ingestionCaller;
  if (typeof caller !== 'object' || caller === null || !('portalId' in caller))
    throw new ServiceError('unauthorized', 'An ingestion API key is required');
  return caller as IngestionCaller;
}
