import type { Logger } from '../../config/logger';
import type { Database } from '../../db/client';
import { findPortal } from '../../db/repositories/portals-repository';
import { storeWebhookEvents, type WebhookEventRow } from '../../db/repositories/webhook-events-repository';
import type { JobQueue } from '../../jobs/job-queue';
import type { WebhookEvent } from './webhook-event-schema';

export interface WebhookReceiptDependencies {
  readonly db: Database;
  readonly jobs: JobQueue;
  readonly logger?: Logger;
}

export interface WebhookReceipt {
  readonly received: number;
  /** Events not seen before; a redelivered batch stores none. */
  readonly stored: number;
  /** Events of portals this service does not sync (their full sync will read the records anyway). */
  readonly ignored: number;
}

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
 * Stores a verified batch in one transaction (idempotent by event id) and queues its processing per portal, so
 * the request is answered well within HubSpot's timeout. The job is queued even when nothing was new: the
 * delivery that stored the events may have failed before queuing it.
 */
export async function receiveWebhookBatch({ db, jobs, logger }: WebhookReceiptDependencies, events: readonly WebhookEvent[]): Promise<WebhookReceipt> {
  const portalIds = [...new Set(events.map((event) => event.portalId))];
  const known = new Set<number>();
  for (const portalId of portalIds) if (await findPortal(db, portalId)) known.add(portalId);
  const accepted = events.filter((event) => known.has(event.portalId));
  const ignored = events.length - accepted.length;
  if (ignored > 0) logger?.warn({ portalIds: portalIds.filter((id) => !known.has(id)), ignored }, 'webhook events for portals this service does not sync');
  // One row per event id even when a batch repeats one, so the insert cannot conflict with itself.
  const rows = [...new Map(accepted.map((event) => [`${event.portalId}:${event.eventId}`, toRow(event)])).values()];
  const stored = await db.transaction((transaction) => storeWebhookEvents(transaction, rows));
  for (const portalId of known) await jobs.send('webhooks.process', { portalId });
  return { received: events.length, stored, ignored };
}
