import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Executor } from '../client';
import { webhookEvents } from '../schema';

export type WebhookEventRow = typeof webhookEvents.$inferInsert;
export type StoredWebhookEvent = typeof webhookEvents.$inferSelect;
export type WebhookEventOutcome = 'applied' | 'stale' | 'unsupported';

/** Stores the events not stored yet (by their delivery key); returns how many were new (a redelivered batch adds none). */
export async function storeWebhookEvents(db: Executor, rows: readonly WebhookEventRow[]): Promise<number> {
  if (rows.length === 0) return 0;
  const inserted = await db
    .insert(webhookEvents)
    .values([...rows])
    .onConflictDoNothing()
    .returning({ id: webhookEvents.id });
  return inserted.length;
}

/** The oldest unprocessed events of a portal, in the order they occurred. */
export async function listPendingWebhookEvents(
  db: Executor,
  portalId: number,
  limit: number,
): Promise<StoredWebhookEvent[]> {
  return db
    .select()
    .from(webhookEvents)
    .where(and(eq(webhookEvents.portalId, portalId), isNull(webhookEvents.processedAt)))
    .orderBy(asc(webhookEvents.occurredAt), asc(webhookEvents.id))
    .limit(limit);
}

/** Locks the given events that are still unprocessed (inside a transaction); another worker's commit releases them. */
export async function lockPendingWebhookEvents(
  db: Executor,
  portalId: number,
  ids: readonly number[],
): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .select({ id: webhookEvents.id })
    .from(webhookEvents)
    .where(
      and(eq(webhookEvents.portalId, portalId), inArray(webhookEvents.id, [...ids]), isNull(webhookEvents.processedAt)),
    )
    .for('update');
  return new Set(rows.map((row) => row.id));
}

/** Marks stored events (by row id) processed with their outcome. */
export async function markWebhookEventsProcessed(
  db: Executor,
  portalId: number,
  outcomes: ReadonlyMap<number, WebhookEventOutcome>,
): Promise<void> {
  const byOutcome = new Map<WebhookEventOutcome, number[]>();
  for (const [id, outcome] of outcomes) byOutcome.set(outcome, [...(byOutcome.get(outcome) ?? []), id]);
  for (const [outcome, ids] of byOutcome) {
    await db
      .update(webhookEvents)
      .set({ processedAt: sql`now()`, outcome })
      .where(
        and(eq(webhookEvents.portalId, portalId), inArray(webhookEvents.id, ids), isNull(webhookEvents.processedAt)),
      );
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

export interface WebhookEventTotals {
  readonly portalId: number;
  readonly received: number;
  readonly pending: number;
  readonly outcomes: Record<WebhookEventOutcome, number>;
}

/** Per portal: events stored, still pending, and what processing did with the others. */
export async function webhookEventTotals(db: Executor): Promise<WebhookEventTotals[]> {
  const count = (outcome: WebhookEventOutcome) =>
    sql<number>`(count(*) filter (where ${webhookEvents.outcome} = ${outcome}))::int`;
  const rows = await db
    .select({
      portalId: webhookEvents.portalId,
      received: sql<number>`count(*)::int`,
      pending: sql<number>`(count(*) filter (where ${webhookEvents.processedAt} is null))::int`,
      applied: count('applied'),
      stale: count('stale'),
      unsupported: count('unsupported'),
    })
    .from(webhookEvents)
    .groupBy(webhookEvents.portalId)
    .orderBy(webhookEvents.portalId);
  return rows.map(({ portalId, received, pending, applied, stale, unsupported }) => ({
    portalId,
    received,
    pending,
    outcomes: { applied, stale, unsupported },
  }));
}
