import { z } from 'zod';
import {
  boundedIdentifier as identifier,
  boundedInstant,
  boundedProperties,
  inputLimits,
  instantWindowProblem,
} from './input-limits';

/** One event of `POST /api/v1/usage/batch`. */
export const usageEventInputSchema = z
  .object({
    messageId: identifier,
    companyId: identifier.optional(),
    accountId: identifier.optional(),
    userId: identifier,
    event: identifier,
    // Parsed once: the output is the instant.
    timestamp: boundedInstant,
    sessionId: identifier.nullable().optional(),
    durationSeconds: z.number().nonnegative().max(inputLimits.durationSeconds).nullable().optional(),
    properties: boundedProperties.nullable().optional(),
  })
  .refine((event) => event.companyId !== undefined || event.accountId !== undefined, {
    error: 'companyId or accountId is required',
    path: ['companyId'],
  });

export type UsageEventInput = z.infer<typeof usageEventInputSchema>;

/** An event ready to store: either its company is known, or its account (or only its user) is. */
export type NormalizedUsageEvent = {
  messageId: string;
  companyId: string | null;
  accountId: string | null;
  userId: string;
  event: string;
  occurredAt: number;
  sessionId: string | null;
  durationSeconds: number | null;
  properties: Record<string, unknown>;
};

export type EventProblem = { index: number; field: string; message: string };

export function normalizeUsageEvent(input: UsageEventInput): NormalizedUsageEvent {
  return {
    messageId: input.messageId,
    companyId: input.companyId ?? null,
    accountId: input.companyId === undefined ? (input.accountId ?? null) : null,
    userId: input.userId,
    event: input.event,
    occurredAt: input.timestamp,
    sessionId: input.sessionId ?? null,
    durationSeconds:
      input.durationSeconds === null || input.durationSeconds === undefined ? null : Math.round(input.durationSeconds),
    properties: input.properties ?? {},
  };
}

export type ValidatedEvents = { events: { index: number; event: NormalizedUsageEvent }[]; problems: EventProblem[] };

/** Validates each item on its own so every bad one is named by its index and field (`events[3].timestamp`). */
export function validateEach<Input>(
  items: readonly unknown[],
  schema: z.ZodType<Input>,
  normalize: (input: Input) => NormalizedUsageEvent | null,
  options: { now: number; futureToleranceHours: number },
  /** A faster check of the schema's common case (null: ask the schema), held to it by a differential test. */
  fastCheck?: (item: unknown) => Input | null,
): ValidatedEvents {
  const events: ValidatedEvents['events'] = [];
  const problems: EventProblem[] = [];
  items.forEach((item, index) => {
    const fast = fastCheck?.(item) ?? null;
    const parsed = fast === null ? schema.safeParse(item) : { success: true as const, data: fast };
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        problems.push({ index, field: issue.path.join('.') || 'event', message: issue.message });
      return;
    }
    const event = normalize(parsed.data);
    if (event === null) return;
    const outside = instantWindowProblem(event.occurredAt, options.now, options.futureToleranceHours);
    if (outside !== null) {
      problems.push({ index, field: 'timestamp', message: outside });
      return;
    }
    events.push({ index, event });
  });
  return { events, problems };
}
