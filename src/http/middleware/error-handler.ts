import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from '../../config/logger';
import { ServiceError, type ErrorCode } from '../../services/service-error';

/** The one place an error code becomes an HTTP status. */
export const errorStatuses: Readonly<Record<ErrorCode, number>> = {
  validation_failed: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  upstream_failed: 502,
  unavailable: 503,
  internal: 500,
};

interface BodyParserError {
  readonly type: string;
  readonly status: number;
  readonly limit?: unknown;
}

function isBodyParserError(error: unknown): error is BodyParserError {
  return typeof error === 'object' && error !== null && 'type' in error && 'status' in error;
}

function tooLarge(limit: unknown): ServiceError {
  if (typeof limit !== 'number') return new ServiceError('payload_too_large', 'Request body is too large');
  const readable = limit >= 1024 * 1024 ? `${limit / (1024 * 1024)} MB` : `${limit / 1024} KB`;
  return new ServiceError('payload_too_large', `Request body is larger than this endpoint's limit of ${readable}`, {
    limitBytes: limit,
  });
}

// Text Postgres cannot store: a NUL character (22021) or one outside the encoding (22P05). Only a caller's input carries one.
const unstorableTextCodes = new Set(['22021', '22P05']);

function isUnstorableText(error: unknown): boolean {
  for (let cause = error, depth = 0; typeof cause === 'object' && cause !== null && depth < 5; depth += 1) {
    if ('code' in cause && typeof cause.code === 'string' && unstorableTextCodes.has(cause.code)) return true;
    cause = 'cause' in cause ? cause.cause : undefined;
  }
  return false;
}

function toServiceError(error: unknown): ServiceError | undefined {
  if (error instanceof ServiceError) return error;
  if (isBodyParserError(error)) {
    if (error.type === 'entity.too.large') return tooLarge(error.limit);
    if (error.type === 'entity.parse.failed')
      return new ServiceError('validation_failed', 'Request body is not valid JSON', {
        fields: [{ field: 'body', message: 'malformed JSON' }],
      });
    if (error.status >= 400 && error.status < 500)
      return new ServiceError('validation_failed', `Request body rejected (${error.type})`);
  }
  // The router throws a URIError with status 400 for a path segment that is not valid percent-encoding.
  if (error instanceof URIError && 'status' in error && error.status === 400) {
    return new ServiceError('validation_failed', 'The URL path is not valid percent-encoding', {
      fields: [{ field: 'path', message: 'malformed percent-encoding' }],
    });
  }
  if (isUnstorableText(error)) {
    return new ServiceError(
      'validation_failed',
      'The request contains a character that cannot be stored (such as NUL)',
      { fields: [{ field: 'request', message: 'contains a NUL or invalid character' }] },
    );
  }
  return undefined;
}

export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error, request, response, _next) => {
    const known = toServiceError(error);
    if (known) {
      response
        .status(errorStatuses[known.code])
        .json({ error: { code: known.code, message: known.message, details: known.details ?? null } });
      return;
    }
    logger.error({ err: error, method: request.method, path: request.path }, 'unhandled error');
    response.status(500).json({ error: { code: 'internal', message: 'Internal error', details: null } });
  };
}

export const notFoundHandler: RequestHandler = (request, _response, next) => {
  next(new ServiceError('not_found', `No route for ${request.method} ${request.path}`));
};
