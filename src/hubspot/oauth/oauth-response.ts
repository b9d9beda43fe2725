import { HubSpotUnreachableError, requestOrigin } from '../failure-words';
import type { Client } from '@hubspot/api-client';
import { z } from 'zod';

type ApiResponse = Awaited<ReturnType<Client['apiRequest']>>;

/** HubSpot refused an OAuth request; `error` is its RFC 6749 code (invalid_grant, invalid_client…). */
export class OAuthRejectedError extends Error {
  /** `withRetry` gives up at once: asking again with the same parameters cannot help. */
  readonly permanent = true;

  constructor(
    readonly error: string,
    readonly httpStatus: number,
    message: string,
  ) {
    super(message);
    this.name = 'OAuthRejectedError';
  }
}

/** A 429 or 5xx, with the `code` the retry wrapper reads. */
class RetryableAnswerError extends Error {
  constructor(
    readonly code: number,
    operation: string,
  ) {
    super(`HubSpot answered ${code} to ${operation}`);
  }
}

class UnexpectedAnswerError extends Error {
  readonly permanent = true;
}

// RFC 6749 §5.2; HubSpot's older fields (status, message) are not relied on.
const errorBodySchema = z.object({ error: z.string().min(1), error_description: z.string().optional() });

async function jsonOf(response: ApiResponse): Promise<unknown> {
  const text = await response.text();
  try {
    return text === '' ? undefined : JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The answer's body checked by `schema` (nothing expected without one), or the error HubSpot's status stands for. */
export async function readOAuthAnswer<T>(
  operation: string,
  response: ApiResponse,
  schema: z.ZodType<T> | undefined,
): Promise<T | undefined> {
  if (response.status === 429 || response.status >= 500) {
    await response.arrayBuffer();
    throw new RetryableAnswerError(response.status, operation);
  }
  const body = await jsonOf(response);
  if (response.status >= 400) {
    const refusal = errorBodySchema.safeParse(body);
    const error = refusal.success ? refusal.data.error : 'unknown_error';
    const description = refusal.success ? (refusal.data.error_description ?? '') : '';
    throw new OAuthRejectedError(
      error,
      response.status,
      `HubSpot refused ${operation} (${response.status}): ${error} ${description}`.trim(),
    );
  }
  if (!schema) return undefined;
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((issue) => issue.path.join('.') || 'body').join(', ');
    throw new UnexpectedAnswerError(`HubSpot answered ${operation} with an unexpected body (${fields})`);
  }
  return parsed.data;
}

const networkErrorSchema = z.object({ code: z.string(), message: z.string().optional() });

/**
 * A request that never got an HTTP answer: its message would carry the URL, so only the operation, the address's
 * origin and the error code are kept.
 */
export function withoutRequestDetails(error: unknown, operation: string): unknown {
  if (
    error instanceof OAuthRejectedError ||
    error instanceof RetryableAnswerError ||
    error instanceof UnexpectedAnswerError
  )
    return error;
  const network = networkErrorSchema.safeParse(error);
  return new HubSpotUnreachableError(
    operation,
    network.data?.code,
    network.data?.message === undefined ? undefined : requestOrigin(network.data.message),
  );
}
