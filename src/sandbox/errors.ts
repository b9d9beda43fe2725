import { randomUUID } from 'node:crypto';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { z } from 'zod';

export type HubSpotErrorCategory =
  | 'VALIDATION_ERROR'
  | 'OBJECT_NOT_FOUND'
  | 'OBJECT_ALREADY_EXISTS'
  | 'INVALID_AUTHENTICATION'
  | 'EXPIRED_AUTHENTICATION'
  | 'RATE_LIMITS'
  | 'MISSING_SCOPES'
  | 'INTERNAL_ERROR';

export interface HubSpotErrorDetail {
  readonly message: string;
  readonly code?: string;
  readonly in?: string;
  readonly context?: Record<string, string[]>;
  readonly subCategory?: string;
}

export interface HubSpotErrorBody {
  readonly status: 'error';
  readonly message: string;
  readonly correlationId: string;
  readonly category: HubSpotErrorCategory;
  readonly subCategory?: string;
  readonly context?: Record<string, string[]>;
  readonly errors?: readonly HubSpotErrorDetail[];
  readonly links?: Record<string, string>;
}

type ErrorExtras = Pick<HubSpotErrorBody, 'subCategory' | 'context' | 'errors' | 'links'>;

/** An error the sandbox answers with HubSpot's own status and error body. */
export class HubSpotError extends Error {
  constructor(
    readonly status: number,
    readonly category: HubSpotErrorCategory,
    message: string,
    readonly extras: ErrorExtras = {},
  ) {
    super(message);
  }

  body(): HubSpotErrorBody {
    return {
      status: 'error',
      message: this.message,
      correlationId: randomUUID(),
      ...this.extras,
      category: this.category,
    };
  }
}

export function validationError(message: string, extras?: ErrorExtras): HubSpotError {
  return new HubSpotError(400, 'VALIDATION_ERROR', message, extras);
}

export function objectNotFound(id: string): HubSpotError {
  return new HubSpotError(404, 'OBJECT_NOT_FOUND', 'Object not found.  objectId are usually numeric.', {
    context: { id: [id] },
  });
}

export function resourceNotFound(): HubSpotError {
  return new HubSpotError(404, 'OBJECT_NOT_FOUND', 'resource not found');
}

/** The batch size HubSpot's batch endpoints accept. */
export const maxBatchInputs = 100;

/** HubSpot's answer to a batch that names one id twice (seen in its answers: "IDs must be unique"). */
export function assertUniqueIds(ids: readonly string[]): void {
  const duplicates = [...new Set(ids.filter((id, index) => ids.indexOf(id) !== index))];
  if (duplicates.length > 0)
    throw validationError(`Duplicate IDs found in batch input: [${duplicates.join(', ')}]. IDs must be unique`, {
      context: { ids: duplicates },
    });
}

export function assertBatchSize(inputs: readonly unknown[], limit = maxBatchInputs): void {
  if (inputs.length > limit) {
    throw validationError(
      `Batch input is too large: ${inputs.length} inputs were sent and at most ${limit} are allowed.`,
      {
        context: { inputs: [String(inputs.length)] },
      },
    );
  }
}

/** Parses a request part with its schema, answering HubSpot's 400 when it does not fit. */
export function parseInput<Schema extends z.ZodType>(schema: Schema, value: unknown): z.infer<Schema> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const details = parsed.error.issues.map((issue) => ({
    message: `${issue.path.join('.') || 'body'}: ${issue.message}`,
    in: issue.path.join('.'),
  }));
  throw validationError(`Invalid input JSON: ${details.map((detail) => detail.message).join('; ')}`, {
    errors: details,
  });
}

export const unknownRoute: RequestHandler = () => {
  throw resourceNotFound();
};

const bodyParserErrorSchema = z.object({ type: z.literal('entity.parse.failed') });

export const hubSpotErrorHandler: ErrorRequestHandler = (error: unknown, _request, response, _next) => {
  if (error instanceof HubSpotError) {
    response.status(error.status).json(error.body());
    return;
  }
  if (bodyParserErrorSchema.safeParse(error).success) {
    response.status(400).json(validationError('Invalid input JSON: the body is not valid JSON').body());
    return;
  }
  const message = error instanceof Error ? error.message : String(error);
  response.status(500).json(new HubSpotError(500, 'INTERNAL_ERROR', `internal error: ${message}`).body());
};
