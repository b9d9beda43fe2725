import { desc, sql } from 'drizzle-orm';
import type { Executor } from '../client';
import { webhookRejectedEvents } from '../schema';

export type WebhookRejectionRow = typeof webhookRejectedEvents.$inferInsert;
export type StoredWebhookRejection = typeof webhookRejectedEvents.$inferSelect;

/** Records events that failed validation; one a redelivered bad event already has adds nothing. Returns how many were new. */
export async function storeWebhookRejections(db: Executor, rows: readonly WebhookRejectionRow[]): Promise<number> {
  if (rows.length === 0) return 0;
  const inserted = await db
    .insert(webhookRejectedEvents)
    .values([...rows])
    .onConflictDoNothing()
    .returning({ id: webhookRejectedEvents.id });
  return inserted.length;
}

export interface WebhookRejectionCount {
  /** Null: events that named no usable portal. */
  readonly portalId: number | null;
  readonly rejected: number;
  readonly lastAt: Date;
}

export async function countWebhookRejections(db: Executor): Promise<WebhookRejectionCount[]> {
  return db
    .select({
      portalId: webhookRejectedEvents.portalId,
      rejected: sql<number>`count(*)::int`,
      lastAt: sql<Date>`max(${webhookRejectedEvents.receivedAt})`.mapWith(webhookRejectedEvents.receivedAt),
    })
    .from(webhookRejectedEvents)
    .groupBy(webhookRejectedEvents.portalId)
    .orderBy(sql`${webhookRejectedEvents.portalId} nulls last`);
}

/** The newest rejections first, with their reasons. */
export async function latestWebhookRejections(db: Executor, limit: number): Promise<StoredWebhookRejection[]> {
  return db
    .select()
    .from(webhookRejectedEvents)
    .orderBy(desc(webhookRejectedEvents.receivedAt), desc(webhookRejectedEvents.id))
    .limit(limit);
}
