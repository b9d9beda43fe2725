import type { Logger } from '../../config/logger';
import type { Database } from '../../db/client';
import { findPortal } from '../../db/repositories/portals-repository';
import { storeWebhookEvents, type WebhookEventRow } from '../../db/repositories/webhook-events-repository';
import { storeWebhookRejections } from '../../db/repositories/webhook-rejections-repository';
import type { WebhookProcessingQueue } from '../background-work';
import type { WebhookEvent } from './webhook-event-schema';
import { validateWebhookEvents } from './validate-events';

export interface WebhookReceiptDependencies {
  readonly db: Database;
  readonly work: WebhookProcessingQueue;
  readonly logger?: Logger;
}

export interface WebhookReceipt {
  readonly received: number;
  /** Events not seen before; a redelivered batch stores none. */
  readonly stored: number;
  /** Events of portals this service does not sync (their full sync will read the records anyway). */
  readonly ignored: number;
  /** Events that failed validation: recorded with the reason (`npm run jobs -- webhooks`), not processed. */
  readonly rejected: number;
  readonly rejections: Array<{ readonly index: number; readonly reason: string }>;
}

// HubSpot does not promise a unique eventId; a retry repeats these four and only raises attemptNumber.
const deliveryKey = (event: WebhookEvent) =>
  `${event.portalId}:${event.subscriptionId}:${event.eventId}:${event.occurredAt}`;

function toRow(event: WebhookEvent): WebhookEventRow {
  const { kind: _kind, ...payload } = event;
  return {
    portalId: event.portalId,
    eventId: event.eventId,
    subscriptionId: event.subscriptionId,
    subscriptionType: event.subscriptionType,
    objectTypeId: event.objectTypeId ?? null,
    objectId: event.objectId ?? null,
    occurredAt: new Date(event.occurredAt),
    attemptNumber: event.attemptNumber,
    payload,
  };
}

/**
 * Validates a verified batch event by event, stores the valid events and records the invalid ones in one
 * transaction (idempotent by delivery key), and queues processing per portal, so the request is answered well
 * within HubSpot's timeout. The job is queued even when nothing was new: the delivery that stored the events may
 * have failed before queuing it.
 */
export async function receiveWebhookBatch(
  { db, work, logger }: WebhookReceiptDependencies,
  items: readonly unknown[],
): Promise<WebhookReceipt> {
  const { valid: events, rejected } = validateWebhookEvents(items);
  for (const rejection of rejected)
    logger?.warn(
      { portalId: rejection.portalId, index: rejection.index, reason: rejection.reason },
      'webhook event rejected',
    );
  const portalIds = [...new Set(events.map((event) => event.portalId))];
  const known = new Set<number>();
  for (const portalId of portalIds) if (await findPortal(db, portalId)) known.add(portalId);
  const accepted = events.filter((event) => known.has(event.portalId));
  const ignored = events.length - accepted.length;
  if (ignored > 0)
    logger?.warn(
      { portalIds: portalIds.filter((id) => !known.has(id)), ignored },
      'webhook events for portals this service does not sync',
    );
  // One row per delivery key even when a batch repeats an event, so the insert cannot conflict with itself.
  const rows = [...new Map(accepted.map((event) => [deliveryKey(event), toRow(event)])).values()];
  const rejections = [...new Map(rejected.map((rejection) => [rejection.fingerprint, rejection])).values()].map(
    ({ portalId, reason, payload, fingerprint }) => ({ portalId, reason, payload, fingerprint }),
  );
  const stored = await db.transaction(async (transaction) => {
    await storeWebhookRejections(transaction, rejections);
    return storeWebhookEvents(transaction, rows);
  });
  for (const portalId of known) await work.queueWebhookProcessing(portalId);
  return {
    received: items.length,
    stored,
    ignored,
    rejected: rejected.length,
    rejections: rejected.map(({ index, reason }) => ({ index, reason })),
  };
}
