import { and, asc, eq, gt, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../client';
import { usagePendingEvents, usageUserAccounts } from '../schema';
import { z } from 'zod';
import { dateColumn, integerColumn, queryRows } from './query-rows';

export type PendingEventRow = typeof usagePendingEvents.$inferInsert;
export type PendingWithAccount = typeof usagePendingEvents.$inferSelect & { resolvedAccountId: string | null };

export async function insertPendingEvents(db: Executor, rows: readonly PendingEventRow[]): Promise<number> {
  if (rows.length === 0) return 0;
  const sorted = [...rows].sort((left, right) => (left.messageId < right.messageId ? -1 : 1));
  const stored = await db
    .insert(usagePendingEvents)
    .values(sorted)
    .onConflictDoNothing()
    .returning({ messageId: usagePendingEvents.messageId });
  return stored.length;
}

/** A page of pending events in message id order, each with its account or, failing that, its user's group. */
export async function listPendingPage(
  db: Executor,
  portalId: number,
  after: string | null,
  limit: number,
  onlyUserIds?: readonly string[],
): Promise<PendingWithAccount[]> {
  return db
    .select({
      portalId: usagePendingEvents.portalId,
      messageId: usagePendingEvents.messageId,
      accountId: usagePendingEvents.accountId,
      userId: usagePendingEvents.userId,
      event: usagePendingEvents.event,
      occurredAt: usagePendingEvents.occurredAt,
      sessionId: usagePendingEvents.sessionId,
      durationSeconds: usagePendingEvents.durationSeconds,
      properties: usagePendingEvents.properties,
      receivedAt: usagePendingEvents.receivedAt,
      resolvedAccountId: sql<string | null>`coalesce(${usagePendingEvents.accountId}, ${usageUserAccounts.accountId})`,
    })
    .from(usagePendingEvents)
    .leftJoin(
      usageUserAccounts,
      and(
        eq(usageUserAccounts.portalId, usagePendingEvents.portalId),
        eq(usageUserAccounts.userId, usagePendingEvents.userId),
      ),
    )
    .where(
      and(
        eq(usagePendingEvents.portalId, portalId),
        after === null ? undefined : gt(usagePendingEvents.messageId, after),
        onlyUserIds === undefined ? undefined : inArray(usagePendingEvents.userId, [...onlyUserIds]),
      ),
    )
    .orderBy(asc(usagePendingEvents.messageId))
    .limit(limit);
}

export async function deletePendingEvents(
  db: Executor,
  portalId: number,
  messageIds: readonly string[],
): Promise<void> {
  if (messageIds.length === 0) return;
  await db
    .delete(usagePendingEvents)
    .where(and(eq(usagePendingEvents.portalId, portalId), inArray(usagePendingEvents.messageId, [...messageIds])));
}

export type UnmatchedAccount = {
  accountId: string | null;
  userIds: number;
  events: number;
  firstAt: Date;
  lastAt: Date;
};

const unmatchedAccountRowSchema = z.object({
  account_id: z.string().nullable(),
  users: integerColumn,
  events: integerColumn,
  first_at: dateColumn,
  last_at: dateColumn,
});

/** Pending events grouped by account (null: Segment users not linked to a group yet). */
export async function listUnmatchedAccounts(
  db: Executor,
  portalId: number,
  limit: number,
  after: string | null,
): Promise<UnmatchedAccount[]> {
  const rows = await queryRows(
    db,
    sql`
    select account_id, count(distinct user_id)::integer as users, count(*)::integer as events, min(occurred_at) as first_at, max(occurred_at) as last_at
    from usage_pending_events
    where portal_id = ${portalId}::bigint and (${after}::text is null or coalesce(account_id, '') > ${after}::text)
    group by account_id order by coalesce(account_id, '') limit ${limit}`,
    unmatchedAccountRowSchema,
  );
  return rows.map((row) => ({
    accountId: row.account_id,
    userIds: row.users,
    events: row.events,
    firstAt: row.first_at,
    lastAt: row.last_at,
  }));
}

/** Segment `group` calls: links users to accounts (the latest call wins). */
export async function upsertUserAccounts(
  db: Executor,
  portalId: number,
  links: readonly { userId: string; accountId: string }[],
): Promise<void> {
  if (links.length === 0) return;
  const latest = new Map(links.map((link) => [link.userId, link.accountId]));
  const rows = [...latest]
    .sort(([left], [right]) => (left < right ? -1 : 1))
    .map(([userId, accountId]) => ({ portalId, userId, accountId }));
  await db
    .insert(usageUserAccounts)
    .values(rows)
    .onConflictDoUpdate({
      target: [usageUserAccounts.portalId, usageUserAccounts.userId],
      set: { accountId: sql`excluded.account_id`, updatedAt: sql`now()` },
    });
}

export async function findUserAccounts(
  db: Executor,
  portalId: number,
  userIds: readonly string[],
): Promise<Map<string, string>> {
  const unique = [...new Set(userIds)];
  if (unique.length === 0) return new Map();
  const rows = await db
    .select({ userId: usageUserAccounts.userId, accountId: usageUserAccounts.accountId })
    .from(usageUserAccounts)
    .where(and(eq(usageUserAccounts.portalId, portalId), inArray(usageUserAccounts.userId, unique)));
  return new Map(rows.map((row) => [row.userId, row.accountId]));
}

/** How many events wait for a company, and under how many accounts (Segment users not linked to a group count as one). */
export async function countUnmatchedEvents(
  db: Executor,
  portalId: number,
): Promise<{ events: number; accounts: number }> {
  const [row] = await db
    .select({
      events: sql<number>`count(*)::integer`,
      accounts: sql<number>`count(distinct coalesce(${usagePendingEvents.accountId}, ''))::integer`,
    })
    .from(usagePendingEvents)
    .where(eq(usagePendingEvents.portalId, portalId));
  return { events: row?.events ?? 0, accounts: row?.accounts ?? 0 };
}
