import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Executor } from '../client';
import { webhookEvents } from '../schema';

export type WebhookEventRow = typeof webhookEvents.$inferInsert;
export type StoredWebhookEvent = typeof webhookEvents.$inferSelect;
export type WebhookEventOutcome = 'applied' | 'stale' | 'unsupported';

/** Stores the events not stored yet; returns how many were new (a redelivered batch adds none). */
export async function storeWebhookEvents(db: Executor, rows: readonly WebhookEventRow[]): Promise<number> {
  if (rows.length === 0) return 0;
  const inserted = await db.insert(webhookEvents).values([...rows]).onConflictDoNothing().returning({ eventId: webhookEvents.eventId });
  return inserted.length;
}

/** The oldest unprocessed events of a portal, in the order they occurred. */
export async function listPendingWebhookEvents(db: Executor, portalId: number, limit: number): Promise<StoredWebhookEvent[]> {
  return db
    .select()
    .from(webhookEvents)
    .where(and(eq(webhookEvents.portalId, portalId), isNull(webhookEvents.processedAt)))
    .orderBy(asc(webhookEvents.occurredAt), asc(webhookEvents.eventId))
    .limit(limit);
}

/** Locks the given events that are still unprocessed (inside a transaction); another worker's commit releases them. */
export async function lockPendingWebhookEvents(db: Executor, portalId: number, eventIds: readonly string[]): Promise<Set<string>> {
  if (eventIds.length === 0) return new Set();
  const rows = await db
    .select({ eventId: webhookEvents.eventId })
    .from(webhookEvents)
    .where(and(eq(webhookEvents.portalId, portalId), inArray(webhookEvents.eventId, [...eventIds]), isNull(webhookEvents.processedAt)))
    .for('update');
  return new Set(rows.map((row) => row.eventId));
}

export async function markWebhookEventsProcessed(db: Executor, portalId: number, outcomes: ReadonlyMap<string, WebhookEventOutcome>): Promise<void> {
  const byOutcome = new Map<WebhookEventOutcome, string[]>();
  for (const [eventId, outcome] of outcomes) byOutcome.set(outcome, [...(byOutcome.get(outcome) ?? []), eventId]);
  for (const [outcome, eventIds] of byOutcome) {
    await db
      .update(webhookEvents)
      .set({ processedAt: sql`now()`, outcome })
      .where(and(eq(webhookEvents.portalId, portalId), inArray(webhookEvents.eventId, eventIds), isNull(webhookEvents.processedAt)));
  }
}

export interface WebhookEventCounts {
  readonly total: number;
  readonly pending: number;
}

export async function countWebhookEvents(db: Executor, portalId: number): Promise<WebhookEventCounts> {
  const [row] = await db
    .select({
      total: sql<number>`count(*)::int`,
      pending: sql<number>`(count(*) filter (where ${webhookEvents.processedAt} is null))::int`,
    })
    .from(webhookEvents)
    .where(eq(webhookEvents.portalId, portalId));
  return { total: row?.total ?? 0, pending: row?.pending ?? 0 };
}

/** Portals with events waiting, e.g. to queue their processing again after a restart. */
export async function portalsWithPendingWebhookEvents(db: Executor): Promise<number[]> {
  const rows = await db
    .selectDistinct({ portalId: webhookEvents.portalId })
    .from(webhookEvents)
    .where(isNull(webhookEvents.processedAt))
    .orderBy(webhookEvents.portalId);
  return rows.map((row) => row.portalId);
}
