import { createHash } from 'node:crypto';
import { z } from 'zod';
import { jsonStorageProblem, nestingDepth, shallowCopy } from '../../domain/usage/input-limits';
import { webhookEventSchema, type WebhookEvent } from './webhook-event-schema';

// An event nests a few levels at most; a deeper one is rejected, and kept cut at this depth so it can be stored and hashed.
const maxEventDepth = 8;
// HubSpot's largest property value is 64 KB: an event is far below this.
const maxEventBytes = 256 * 1024;

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
  return error.issues
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : 'event'}: ${issue.message}`)
    .join('; ');
}

/** Depth first (so serializing is safe), then size and storability: such an event is rejected before its schema is read. */
function sizeProblem(item: unknown): string | null {
  if (nestingDepth(item, maxEventDepth) > maxEventDepth) return `event: nests deeper than ${maxEventDepth} levels`;
  // JSON.stringify answers undefined for undefined, a function or a symbol, whatever its type says.
  const json = (JSON.stringify(item) as string | undefined) ?? '';
  const bytes = Buffer.byteLength(json);
  if (bytes > maxEventBytes) return `event: ${bytes} bytes of JSON, more than ${maxEventBytes}`;
  const unstorable = jsonStorageProblem(json);
  return unstorable === null ? null : `event: ${unstorable}`;
}

function fingerprintOf(item: unknown): string {
  const comparable =
    typeof item === 'object' && item !== null && !Array.isArray(item)
      ? Object.fromEntries(Object.entries(item).filter(([key]) => key !== 'attemptNumber'))
      : item;
  return createHash('sha256').update(JSON.stringify(comparable)).digest('hex');
}

/** Validates each event of a delivered batch alone, so one bad event never costs the others. */
export function validateWebhookEvents(items: readonly unknown[]): ValidatedBatch {
  const valid: WebhookEvent[] = [];
  const rejected: RejectedWebhookEvent[] = [];
  items.forEach((item, index) => {
    const tooLarge = sizeProblem(item);
    const parsed = tooLarge === null ? webhookEventSchema.safeParse(item) : null;
    if (parsed?.success) {
      valid.push(parsed.data);
      return;
    }
    const portal = portalIdSchema.safeParse(item);
    // An event too large or too deep to store is kept as the reason only; its fingerprint is of its first levels.
    rejected.push({
      index,
      portalId: portal.success ? portal.data.portalId : null,
      reason: parsed ? describeIssues(parsed.error) : (tooLarge ?? ''),
      payload: tooLarge === null ? item : { cut: true, reason: tooLarge },
      fingerprint: fingerprintOf(tooLarge === null ? item : shallowCopy(item, maxEventDepth)),
    });
  });
  return { valid, rejected };
}
