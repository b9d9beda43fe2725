import type { ZodError } from 'zod';
import { fieldProblems, type FieldProblem } from './zod-issues';

export type { FieldProblem } from './zod-issues';

export const errorStatuses = {
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
} as const;

export type ErrorCode = keyof typeof errorStatuses;

/** The one error type the service throws on purpose; the error middleware maps its code to a status. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
  }

  get status(): number {
    return errorStatuses[this.code];
  }

  /** Parse with `{ reportInput: true }` so the message can echo what was sent. */
  static fromZod(error: ZodError, where: string): AppError {
    const problems: FieldProblem[] = fieldProblems(error.issues, where);
    const summary = problems.map((problem) => `${problem.field}: ${problem.message}`).join('; ');
    return new AppError('validation_failed', `Invalid ${where}: ${summary}`, { fields: problems });
  }
}
