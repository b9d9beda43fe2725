import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from '../../config/logger';
import { AppError } from '../app-error';

interface BodyParserError {
  readonly type: string;
  readonly status: number;
}

function isBodyParserError(error: unknown): error is BodyParserError {
  return typeof error === 'object' && error !== null && 'type' in error && 'status' in error;
}

function toAppError(error: unknown): AppError | undefined {
  if (error instanceof AppError) return error;
  if (isBodyParserError(error)) {
    if (error.type === 'entity.too.large') return new AppError('payload_too_large', 'Request body is too large');
    if (error.type === 'entity.parse.failed') return new AppError('validation_failed', 'Request body is not valid JSON', { fields: [{ field: 'body', message: 'malformed JSON' }] });
    if (error.status >= 400 && error.status < 500) return new AppError('validation_failed', `Request body rejected (${error.type})`);
  }
  return undefined;
}

export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error, request, response, _next) => {
    const known = toAppError(error);
    if (known) {
      response.status(known.status).json({ error: { code: known.code, message: known.message, details: known.details ?? null } });
      return;
    }
    logger.error({ err: error, method: request.method, path: request.path }, 'unhandled error');
    response.status(500).json({ error: { code: 'internal', message: 'Internal error', details: null } });
  };
}

export const notFoundHandler: RequestHandler = (request, _response, next) => {
  next(new AppError('not_found', `No route for ${request.method} ${request.path}`));
};
