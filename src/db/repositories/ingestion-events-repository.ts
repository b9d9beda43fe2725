import { sql } from 'drizzle-orm';
import type { Executor } from '../client';
import { fromEpochMilliseconds, touchedSessionsJson, type StoredSessionJson } from './ingestion-sessions-repository';
import { z } from 'zod';
import { jsonColumn, queryRows } from './query-rows';

/** An event with its company known, as the insert statement takes it (one JSON parameter per batch). */
export type MatchedEventRow = {
  messageId: string;
  companyId: string;
  userId: string;
  event: string;
  occurredAt: number;
  sessionId: string | null;
  durationSeconds: number | null;
  properties: Record<string, unknown>;
};

/** The rows that were new, and the stored sessions they may change. */
export type InsertOutcome = { stored: MatchedEventRow[]; touchedSessions: StoredSessionJson[] };

/** Inside an ingestion transaction: its commit returns before the WAL is flushed (see ingestion settings). */
export async function skipCommitFlush(db: Executor): Promise<void> {
  await db.execute(sql`set local synchronous_commit = off`);
}

// One slot per user in practice (2^31 of them): a batch waits only for batches that share one of its users,
// where 4,096 slots a portal made any two 500-user batches share a slot and ingestion ran one batch at a time.
const lockSlotCount = 2 ** 31;

/**
 * Serialises concurrent batches per user, so one transaction at a time recomputes a user's sessions. A user's
 * slot (a hash of company and user) has a row, locked in slot order (two batches never wait on each other in a
 * cycle) by the upsert that creates it: a conflicting row is locked even though the false WHERE leaves it as it
 * is. Row locks, unlike advisory ones, take no room in Postgres' shared lock table, however large the batch.
 */
export async function lockUsers(db: Executor, portalId: number, userKeys: readonly string[]): Promise<void> {
  if (userKeys.length === 0) return;
  const keys = JSON.stringify([...new Set(userKeys)]);
  await db.execute(sql`
    insert into usage_user_lock_slots (portal_id, slot)
    select distinct ${portalId}::bigint, ((hashtextextended(key, ${portalId}::bigint) % ${lockSlotCount} + ${lockSlotCount}) % ${lockSlotCount})::integer as slot
    from jsonb_array_elements_text(${keys}::jsonb) as key
    order by slot
    on conflict (portal_id, slot) do update set slot = excluded.slot where false`);
}

const storedSessionJson = z.tuple([
  z.string(),
  z.string(),
  z.string(),
  z.number(),
  z.string(),
  z.number(),
  z.number(),
  z.number(),
  z.number(),
]);
const insertOutcomeRowSchema = z.object({
  stored: jsonColumn(z.array(z.number().int())),
  touched_sessions: jsonColumn(z.array(storedSessionJson).nullable()),
});

/**
 * One round trip per batch: stores the events not seen before, adds them to the daily active users, the
 * monthly active users (and their count), the daily features and the monthly feature users aggregates, and
 * returns them with the stored sessions they may change (duplicates are left out of everything).
 */
export async function insertEventsWithAggregates(
  db: Executor,
  portalId: number,
  timeZone: string,
  rows: readonly MatchedEventRow[],
  sessions: { gapMilliseconds: number; useSessionId: boolean },
): Promise<InsertOutcome> {
  // New rows come back as positions, matched by message id: a repeated one is a duplicate, not sent twice.
  const seen = new Set<string>();
  const unique = rows.filter((row) => seen.size < seen.add(row.messageId).size);
  if (unique.length === 0) return { stored: [], touchedSessions: [] };
  // Positional arrays, not objects: half the bytes to send, and Postgres reads them about three times faster.
  const payload = JSON.stringify(
    unique.map((row) => [
      row.messageId,
      row.companyId,
      row.userId,
      row.event,
      row.occurredAt,
      row.sessionId,
      row.durationSeconds,
      row.properties,
    ]),
  );
  const [row] = await queryRows(
    db,
    sql`
    with input as (
      select (x.position - 1)::integer as position, x.e ->> 0 as message_id, x.e ->> 1 as company_id, x.e ->> 2 as user_id,
        x.e ->> 3 as event, (x.e ->> 4)::bigint as occurred_at_ms, x.e ->> 5 as session_id, (x.e ->> 6)::integer as duration_seconds,
        coalesce(nullif(x.e -> 7, 'null'::jsonb), '{}'::jsonb) as properties
      from jsonb_array_elements(${payload}::jsonb) with ordinality as x(e, position)
    ),
    inserted as (
      insert into usage_events (portal_id, message_id, company_id, user_id, event, occurred_at, session_id, duration_seconds, properties)
      select ${portalId}::bigint, message_id, company_id, user_id, event, ${fromEpochMilliseconds(sql`occurred_at_ms`)}, session_id, duration_seconds, properties
      from input order by message_id
      on conflict do nothing
      returning message_id, company_id, user_id, event, occurred_at, session_id, duration_seconds
    ),
    active_users as (
      insert into usage_daily_active_users (portal_id, company_id, day, user_id, event_count)
      select ${portalId}::bigint, company_id, (occurred_at at time zone ${timeZone})::date as day, user_id, count(*)::integer
      from inserted group by company_id, day, user_id order by company_id, day, user_id
      on conflict (portal_id, company_id, day, user_id) do update set event_count = usage_daily_active_users.event_count + excluded.event_count
    ),
    monthly_users as (
      insert into usage_monthly_active_users (portal_id, company_id, month, user_id, first_day, last_day)
      select ${portalId}::bigint, company_id, date_trunc('month', local_day)::date as month, user_id, min(local_day), max(local_day)
      from (select company_id, user_id, (occurred_at at time zone ${timeZone})::date as local_day from inserted) local
      group by company_id, month, user_id order by company_id, month, user_id
      on conflict (portal_id, company_id, month, user_id) do update
        set first_day = least(usage_monthly_active_users.first_day, excluded.first_day), last_day = greatest(usage_monthly_active_users.last_day, excluded.last_day)
        where excluded.first_day < usage_monthly_active_users.first_day or excluded.last_day > usage_monthly_active_users.last_day
      -- xmax is 0 on a row this statement inserted, and set on one it updated.
      returning company_id, month, xmax = 0 as is_new
    ),
    -- Only users new to their month count: the count stays the month's distinct users whatever the batches.
    monthly_counts as (
      insert into usage_monthly_active_user_counts (portal_id, month, company_id, users)
      select ${portalId}::bigint, month, company_id, count(*)::integer from monthly_users where is_new group by month, company_id order by month, company_id
      on conflict (portal_id, month, company_id) do update set users = usage_monthly_active_user_counts.users + excluded.users
    ),
    features as (
      insert into usage_daily_features (portal_id, company_id, day, feature, event_count)
      select ${portalId}::bigint, company_id, (occurred_at at time zone ${timeZone})::date as day, event, count(*)::integer
      from inserted group by company_id, day, event order by company_id, day, event
      on conflict (portal_id, company_id, day, feature) do update set event_count = usage_daily_features.event_count + excluded.event_count
    ),
    feature_users as (
      insert into usage_monthly_feature_users (portal_id, month, company_id, feature, user_id, first_day, last_day)
      select ${portalId}::bigint, date_trunc('month', local_day)::date as month, company_id, event, user_id, min(local_day), max(local_day)
      from (select company_id, user_id, event, (occurred_at at time zone ${timeZone})::date as local_day from inserted) local
      group by month, company_id, event, user_id order by month, company_id, event, user_id
      on conflict (portal_id, month, company_id, feature, user_id) do update
        set first_day = least(usage_monthly_feature_users.first_day, excluded.first_day), last_day = greatest(usage_monthly_feature_users.last_day, excluded.last_day)
        where excluded.first_day < usage_monthly_feature_users.first_day or excluded.last_day > usage_monthly_feature_users.last_day
    )
    select
      (select coalesce(json_agg(input.position), '[]'::json) from inserted join input using (message_id)) as stored,
      ${touchedSessionsJson(portalId, sessions)} as touched_sessions`,
    insertOutcomeRowSchema,
  );
  const stored = (row?.stored ?? []).flatMap((position) => unique[position] ?? []);
  return { stored, touchedSessions: row?.touched_sessions ?? [] };
}

/** Deletes raw events that occurred before the instant; the aggregates stay. */
export async function deleteEventsBefore(db: Executor, portalId: number, before: Date, limit: number): Promise<number> {
  const deleted = await queryRows(
    db,
    sql`
    with doomed as (
      select message_id from usage_events where portal_id = ${portalId}::bigint and occurred_at < ${before.toISOString()}::timestamptz limit ${limit}
    )
    delete from usage_events e using doomed where e.portal_id = ${portalId}::bigint and e.message_id = doomed.message_id
    returning e.message_id`,
    z.object({ message_id: z.string() }),
  );
  return deleted.length;
}
