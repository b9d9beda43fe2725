import { z } from 'zod';
import { parseInstant } from '../time/time-zone';

/**
 * The bounds every ingested item is held to (README "Security"): each fits the column it is stored in,
 * and no value can make storing or hashing it fail, so one bad item is a rejected item, never a 500.
 */
export const inputLimits = {
  /** Ids, event names, session ids: one btree entry each, far below Postgres' row size limit. */
  identifierCharacters: 256,
  /** An event's `properties`, as JSON. */
  propertiesBytes: 16 * 1024,
  /** Objects and arrays inside `properties` (1: flat). */
  propertiesDepth: 8,
  /** A usage event's duration: a week; the column is a 32-bit integer. */
  durationSeconds: 7 * 86_400,
  /** No usage, survey or webhook instant before this (epoch milliseconds, 2000-01-01T00:00:00Z). */
  earliestInstant: Date.UTC(2000, 0, 1),
  /** Nor later than now plus this many hours (the ingestion setting futureToleranceHours may lower or raise it for usage). */
  futureToleranceHours: 24,
} as const;

// Postgres text holds no NUL character, and its jsonb no NUL nor unpaired surrogate escape.
// eslint-disable-next-line no-control-regex -- matching the NUL control character is the point of this pattern
const noNul = /^[^\u0000]*$/;
const unstorableEscape = /(?<!\\)(?:\\\\)*\\u(?:0000|d[89a-f][0-9a-f]{2})/i;

/** Why JSON text cannot be stored as jsonb, or null. */
export function jsonStorageProblem(json: string): string | null {
  return unstorableEscape.test(json) ? 'holds a NUL character or an unpaired surrogate, which cannot be stored' : null;
}

/** Free text for a text column: at most `characters`, without NUL. */
export function storableText(characters: number) {
  return z.string().max(characters).regex(noNul, 'holds a NUL character');
}

export const boundedIdentifier = z
  .string()
  .trim()
  .min(1)
  .max(inputLimits.identifierCharacters)
  .regex(noNul, 'holds a NUL character');

/** How deep `value` nests, counting only up to `limit + 1`: a 20,000-deep value costs no more than a shallow one. */
export function nestingDepth(value: unknown, limit: number): number {
  let deepest = 0;
  const pending: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if (typeof next.value !== 'object' || next.value === null) continue;
    const depth = next.depth + 1;
    deepest = Math.max(deepest, depth);
    if (depth > limit) return deepest;
    for (const child of Object.values(next.value)) pending.push({ value: child, depth });
  }
  return deepest;
}

/** A property bag that fits its jsonb column and can always be hashed and serialized: bounded depth, then size. */
export const boundedProperties = z
  .record(z.string().max(inputLimits.identifierCharacters), z.unknown())
  .superRefine((properties, context) => {
    if (nestingDepth(properties, inputLimits.propertiesDepth) > inputLimits.propertiesDepth) {
      context.addIssue({ code: 'custom', message: `nests deeper than ${inputLimits.propertiesDepth} levels` });
      return;
    }
    const json = JSON.stringify(properties);
    const bytes = Buffer.byteLength(json);
    if (bytes > inputLimits.propertiesBytes)
      context.addIssue({
        code: 'custom',
        message: `is ${bytes} bytes of JSON, more than ${inputLimits.propertiesBytes}`,
      });
    const unstorable = jsonStorageProblem(json);
    if (unstorable !== null) context.addIssue({ code: 'custom', message: unstorable });
  })
  .meta({
    description: `At most ${inputLimits.propertiesBytes} bytes of JSON, nested at most ${inputLimits.propertiesDepth} levels`,
  });

const windowText = `on or after 2000-01-01T00:00:00Z and at most ${inputLimits.futureToleranceHours} hours ahead`;

/** Why an instant is outside the accepted window, or null when it is inside. */
export function instantWindowProblem(
  instant: number,
  now: number,
  futureToleranceHours: number = inputLimits.futureToleranceHours,
): string | null {
  if (instant < inputLimits.earliestInstant) return 'is before 2000-01-01T00:00:00Z';
  if (instant > now + futureToleranceHours * 3_600_000)
    return `is more than ${futureToleranceHours} hours in the future`;
  return null;
}

/** An instant (ISO-8601 with an offset, or epoch milliseconds) on or after 2000; the output is epoch milliseconds. */
export const boundedInstant = z
  .union([
    z
      .string()
      .max(64)
      .meta({ description: `ISO-8601 with an offset, ${windowText}` }),
    z
      .number()
      .int()
      .min(inputLimits.earliestInstant)
      .meta({ description: `Epoch milliseconds, ${windowText}` }),
  ])
  .transform((value, context) => {
    const instant = parseInstant(value);
    if (instant === null) {
      context.addIssue({ code: 'custom', message: 'not an instant' });
      return z.NEVER;
    }
    if (instant < inputLimits.earliestInstant) {
      context.addIssue({ code: 'custom', message: 'is before 2000-01-01T00:00:00Z' });
      return z.NEVER;
    }
    return instant;
  });

/**
 * A copy of a value cut at `depth` levels (deeper parts become the text "…"), for storing or hashing what
 * was rejected: JSON.stringify of the original could overflow the stack.
 */
export function shallowCopy(value: unknown, depth: number): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (depth <= 0) return '…';
  if (Array.isArray(value)) return value.map((item) => shallowCopy(item, depth - 1));
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, shallowCopy(item, depth - 1)]));
}
