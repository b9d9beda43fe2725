import { createHash } from 'node:crypto';
import { z } from 'zod';
import { webhookEventSchema, type WebhookEvent } from './webhook-event-schema';

/** An event of a delivery that failed the schema: kept with the reason, the rest of its batch goes on. */
export interface RejectedWebhookEvent {
  /** Its position in the delivered batch. */
  readonly index: number;
  readonly portalId: number | null;
  readonly reason: string;
  readonly payload: unknown;
  /** The event without its attemptNumber, hashed: the same bad event redelivered has the same one. */
  readonly fingerprint: string;
}

export interface ValidatedBatch {
  readonly valid: WebhookEvent[];
  readonly rejected: RejectedWebhookEvent[];
}

const portalIdSchema = z.object({ portalId: z.number().int().positive() });

function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : 'event'}: ${issue.message}`).join('; ');
}

function fingerprintOf(item: unknown): string {
  const comparable = typeof item === 'object' && item !== null && !Array.isArray(item)
    ? Object.fromEntries(Object.entries(item).filter(([key]) => key !== 'attemptNumber'))
    : item;
  return createHash('sha256').update(JSON.stringify(comparable)).digest('hex');
}

/** Validates each event of a delivered batch alone, so one bad event never costs the others. */
export function validateWebhookEvents(items: readonly unknown[]): ValidatedBatch {
  const valid: WebhookEvent[] = [];
  const rejected: RejectedWebhookEvent[] = [];
  items.forEach((item, index) => {
    const parsed = webhookEventSchema.safeParse(item);
    if (parsed.success) {
      valid.push(parsed.data);
      return;
    }
    const portal = portalIdSchema.safeParse(item);
    rejected.push({
      index,
      portalId: portal.success ? portal.data.portalId : null,
      reason: describeIssues(parsed.error),
      payload: item,
      fingerprint: fingerprintOf(item),
    });
  });
  return { valid, rejected };
}
