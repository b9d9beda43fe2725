import type { ZodError } from 'zod';
import { fieldProblems, type FieldProblem } from './zod-issues';

export type { FieldProblem } from './zod-issues';

/** Why a use case refused; transport-neutral. src/http/middleware/error-handler.ts maps each code to a status. */
export const errorCodes = [
  'validation_failed',
  'unauthorized',
  'forbidden',
  'not_found',
  'conflict',
  'payload_too_large',
  'unsupported_media_type',
  'rate_limited',
  'upstream_failed',
  'unavailable',
  'internal',
] as const;

export type ErrorCode = (typeof errorCodes)[number];

/** The one error type the application throws on purpose; it carries a code, never a transport status. */
export class ServiceError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ServiceError';
  }

  /** Parse with `{ reportInput: true }` so the message can echo what was sent. */
  static fromZod(error: ZodError, where: string): ServiceError {
    const problems: FieldProblem[] = fieldProblems(error.issues, where);
    const summary = problems.map((problem) => `${problem.field}: ${problem.message}`).join('; ');
    return new ServiceError('validation_failed', `Invalid ${where}: ${summary}`, { fields: problems });
  }
}
