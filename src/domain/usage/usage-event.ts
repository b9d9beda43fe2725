import { z } from 'zod';
import { parseInstant } from '../time/time-zone';

const identifier = z.string().trim().min(1).max(256);

// instantSchema's rule, but the parsed instant is the output: every event's timestamp is read once, not twice.
const timestampSchema = z.union([z.string(), z.number().int()]).transform((value, context) => {
  const instant = parseInstant(value);
  if (instant === null) {
    context.addIssue({ code: 'custom', message: 'not an instant' });
    return z.NEVER;
  }
  return instant;
});

/** One event of `POST /api/v1/usage/batch`. */
export const usageEventInputSchema = z
  .object({
    messageId: identifier,
    companyId: identifier.optional(),
    accountId: identifier.optional(),
    userId: identifier,
    event: identifier,
    timestamp: timestampSchema,
    sessionId: identifier.nullable().optional(),
    durationSeconds: z.number().nonnegative().max(86_400 * 7).nullable().optional(),
    properties: z.record(z.string(), z.unknown()).nullable().optional(),
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
    durationSeconds: input.durationSeconds === null || input.durationSeconds === undefined ? null : Math.round(input.durationSeconds),
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
): ValidatedEvents {
  const events: ValidatedEvents['events'] = [];
  const problems: EventProblem[] = [];
  const latest = options.now + options.futureToleranceHours * 3_600_000;
  items.forEach((item, index) => {
    const parsed = schema.safeParse(item);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) problems.push({ index, field: issue.path.join('.') || 'event', message: issue.message });
      return;
    }
    const event = normalize(parsed.data);
    if (event === null) return;
    if (event.occurredAt > latest) {
      problems.push({ index, field: 'timestamp', message: 'is in the future' });
      return;
    }
    events.push({ index, event });
  });
  return { events, problems };
}
