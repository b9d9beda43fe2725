import { z } from 'zod';
import { instantSchema, parseInstant } from '../time/time-zone';
import { deterministicMessageId } from './message-id';
import type { NormalizedUsageEvent } from './usage-event';

// Segment's libraries may send numeric ids; they are identifiers all the same.
const segmentId = z.union([z.string().trim().min(1).max(256), z.number().transform(String)]);
const looseObject = z.record(z.string(), z.unknown());

const commonFields = {
  messageId: z.string().trim().min(1).max(256).optional(),
  userId: segmentId.nullable().optional(),
  anonymousId: segmentId.nullable().optional(),
  timestamp: instantSchema.optional(),
  originalTimestamp: instantSchema.optional(),
  sentAt: instantSchema.optional(),
  context: z.object({ groupId: segmentId.optional() }).loose().optional(),
  integrations: looseObject.optional(),
};

function hasUser(message: { userId?: string | null; anonymousId?: string | null }): boolean {
  return Boolean(message.userId ?? message.anonymousId);
}
const userRequired = { message: 'userId or anonymousId is required', path: ['userId'] };

export const segmentTrackSchema = z.object({ ...commonFields, type: z.literal('track').optional(), event: z.string().trim().min(1).max(256), properties: looseObject.optional() }).refine(hasUser, userRequired);
export const segmentIdentifySchema = z.object({ ...commonFields, type: z.literal('identify').optional(), traits: looseObject.optional() }).refine(hasUser, userRequired);
export const segmentGroupSchema = z.object({ ...commonFields, type: z.literal('group').optional(), groupId: segmentId, traits: looseObject.optional() }).refine(hasUser, userRequired);

export type SegmentTrack = z.infer<typeof segmentTrackSchema>;
export type SegmentIdentify = z.infer<typeof segmentIdentifySchema>;
export type SegmentGroup = z.infer<typeof segmentGroupSchema>;

/** `/v1/batch`: calls of any type; types this service does not use (page, screen, alias) are accepted and ignored. */
export const segmentBatchSchema = z.object({
  batch: z.array(looseObject.and(z.object({ type: z.string() }))).min(1).max(2_500),
  context: looseObject.optional(),
  sentAt: instantSchema.optional(),
});

function userOf(message: { userId?: string | null; anonymousId?: string | null }): string {
  return message.userId ?? message.anonymousId ?? '';
}

/**
 * Segment's rule: `timestamp` when sent; else `originalTimestamp` corrected by the device clock's skew
 * (receivedAt - sentAt); else the time the call was received.
 */
export function segmentInstant(message: { timestamp?: string | number; originalTimestamp?: string | number; sentAt?: string | number }, receivedAt: number): number {
  const timestamp = message.timestamp === undefined ? null : parseInstant(message.timestamp);
  if (timestamp !== null) return timestamp;
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

/** The user-to-account link an identify or group call carries, if any. */
export function accountLinkOf(message: SegmentIdentify | SegmentGroup): { userId: string; accountId: string } | null {
  const userId = userOf(message);
  if ('groupId' in message) return { userId, accountId: message.groupId };
  const company = message.traits?.company;
  const companyId = typeof company === 'object' && company !== null && 'id' in company ? company.id : undefined;
  const accountId = message.context?.groupId ?? stringProperty(message.traits ?? {}, 'groupId', 'accountId') ?? (typeof companyId === 'string' || typeof companyId === 'number' ? String(companyId) : null);
  return accountId === null ? null : { userId, accountId };
}
