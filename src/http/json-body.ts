import express, { type RequestHandler } from 'express';
import { ServiceError } from '../services/service-error';

function hasBody(request: Parameters<RequestHandler>[0]): boolean {
  const length = request.get('content-length');
  return request.get('transfer-encoding') !== undefined || (length !== undefined && length !== '0');
}

/**
 * A JSON body up to `limit`: a body of another content type gets 415 naming what was expected and what was
 * sent, where the JSON parser alone would skip it and the schema would then report a missing body.
 */
export function jsonBody(limit: string): RequestHandler[] {
  const requireJson: RequestHandler = (request, _response, next) => {
    if (!hasBody(request) || request.is('application/json')) {
      next();
      return;
    }
    const received = request.get('content-type') ?? 'no Content-Type';
    next(
      new ServiceError('unsupported_media_type', `Expected Content-Type application/json, got ${received}`, {
        fields: [
          {
            field: 'content-type',
            message: `expected application/json, got ${received}`,
            expected: 'application/json',
            received,
          },
        ],
      }),
    );
  };
  return [requireJson, express.json({ limit })];
}
