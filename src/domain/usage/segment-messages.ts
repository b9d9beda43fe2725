import { z } from 'zod';
import { instantSchema, parseInstant } from '../time/time-zone';
import { boundedIdentifier, boundedInstant, boundedProperties, inputLimits } from './input-limits';
import { deterministicMessageId } from './message-id';
import type { NormalizedUsageEvent } from './usage-event';

// Segment's libraries may send numeric ids; they are identifiers all the same.
const segmentId = z.union([boundedIdentifier, z.number().transform(String)]);
const looseObject = z.record(z.string(), z.unknown());

// A duration sent as text is read as a number, so its value is bounded too; one that is no number is ignored.
const durationProperty = z
  .union([z.number().max(inputLimits.durationSeconds), z.string().max(64)])
  .refine(
    (value) => typeof value === 'number' || !(Number(value) > inputLimits.durationSeconds),
    `at most ${inputLimits.durationSeconds} seconds`,
  )
  .optional();
const sessionProperty = z.union([boundedIdentifier, z.number()]).optional();

/** A track call's properties: any, within the size and depth limits; those read as the session and duration are bounded. */
const trackProperties = boundedProperties.and(
  z
    .object({
      sessionId: sessionProperty,
      session_id: sessionProperty,
      durationSeconds: durationProperty,
      duration_seconds: durationProperty,
    })
    .loose(),
);

const commonFields = {
  messageId: boundedIdentifier.optional(),
  userId: segmentId.nullable().optional(),
  anonymousId: segmentId.nullable().optional(),
  // Checked against now once the event's instant is known (Segment's rule below).
  timestamp: boundedInstant.optional(),
  originalTimestamp: instantSchema.optional(),
  sentAt: instantSchema.optional(),
  context: z.object({ groupId: segmentId.optional() }).loose().optional(),
  integrations: looseObject.optional(),
};

function hasUser(message: { userId?: string | null; anonymousId?: string | null }): boolean {
  return Boolean(message.userId ?? message.anonymousId);
}
const userRequired = { message: 'userId or anonymousId is required', path: ['userId'] };

export const segmentTrackSchema = z
  .object({
    ...commonFields,
    type: z.literal('track').optional(),
    event: boundedIdentifier,
    properties: trackProperties.optional(),
  })
  .refine(hasUser, userRequired);
export const segmentIdentifySchema = z
  .object({ ...commonFields, type: z.literal('identify').optional(), traits: looseObject.optional() })
  .refine(hasUser, userRequired)
  .refine((message) => (accountLinkOf(message)?.accountId.length ?? 0) <= inputLimits.identifierCharacters, {
    error: `the account id (traits.groupId, traits.accountId or traits.company.id) is longer than
 ${inputLimits.identifierCharacters} characters`,
    path: ['traits'],
  });
export const segmentGroupSchema = z
  .object({ ...commonFields, type: z.literal('group').optional(), groupId: segmentId, traits: looseObject.optional() })
  .refine(hasUser, userRequired);

export type SegmentTrack = z.infer<typeof segmentTrackSchema>;

export const segmentBatchLimit = 2_500;

/** One call of a batch: an object naming its type (the type's own schema then applies). */
export const segmentCallSchema = looseObject.and(z.object({ type: z.string().max(64) }));

/**
 * `/v1/batch`: calls of any type; types this service does not use (page, screen, alias) are accepted and ignored.
 * Each call is checked alone: a bad one is listed in the 200 answer and the others are stored.
 */
export const segmentBatchSchema = z.object({
  batch: z.array(segmentCallSchema).min(1).max(segmentBatchLimit),
  context: looseObject.optional(),
  sentAt: instantSchema.optional(),
});

/** What the batch route reads before checking each call. */
export const segmentBatchEnvelopeSchema = segmentBatchSchema.extend({
  batch: z.array(z.unknown()).min(1).max(segmentBatchLimit),
});

function userOf(message: { userId?: string | null; anonymousId?: string | null }): string {
  return message.userId ?? message.anonymousId ?? '';
}

/**
 * Segment's rule: `timestamp` when sent; else `originalTimestamp` corrected by the device clock's skew
 * (receivedAt - sentAt); else the time the call was received.
 */
export function segmentInstant(
  message: { timestamp?: number; originalTimestamp?: string | number; sentAt?: string | number },
  receivedAt: number,
): number {
  if (message.timestamp !== undefined) return message.timestamp;
  const original = message.originalTimestamp === undefined ? null : parseInstant(message.originalTimestamp);
  if (original === null) return receivedAt;
  const sentAt = message.sentAt === undefined ? null : parseInstant(message.sentAt);
  return sentAt === null ? original : original + (receivedAt - sentAt);
}

function stringProperty(properties: Record<string, unknown>, ...names: string[]): string | null {
  for (const name of names) {
    const value = properties[name];
    if ((typeof value === 'string' && value.length > 0) || typeof value === 'number') return String(value);
  }
  return null;
}

/** A track call as a usage event: its account is `context.groupId`, else the one the user was grouped with. */
export function trackToUsageEvent(message: SegmentTrack, receivedAt: number): NormalizedUsageEvent {
  const properties = message.properties ?? {};
  const occurredAt = segmentInstant(message, receivedAt);
  const userId = userOf(message);
  const duration = Number(properties.durationSeconds ?? properties.duration_seconds ?? Number.NaN);
  return {
    messageId: message.messageId ?? deterministicMessageId('segment', [userId, message.event, occurredAt, properties]),
    companyId: null,
    accountId: message.context?.groupId ?? null,
    userId,
    event: message.event,
    occurredAt,
    sessionId: stringProperty(properties, 'sessionId', 'session_id'),
    durationSeconds: Number.isFinite(duration) && duration >= 0 ? Math.round(duration) : null,
    properties,
  };
}

type LinkingCall = {
  userId?: string | null;
  anonymousId?: string | null;
  context?: { groupId?: string };
  traits?: Record<string, unknown>;
  groupId?: string;
};

/** The user-to-account link an identify or group call carries, if any. */
export function accountLinkOf(message: LinkingCall): { userId: string; accountId: string } | null {
  const userId = userOf(message);
  if (message.groupId !== undefined) return { userId, accountId: message.groupId };
  const company = message.traits?.company;
  const companyId = typeof company === 'object' && company !== null && 'id' in company ? company.id : undefined;
  const accountId =
    message.context?.groupId ??
    stringProperty(message.traits ?? {}, 'groupId', 'accountId') ??
    (typeof companyId === 'string' || typeof companyId === 'number' ? String(companyId) : null);
  return accountId === null ? null : { userId, accountId };
}
