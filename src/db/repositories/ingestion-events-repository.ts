import { sql } from 'drizzle-orm';
import type { Executor } from '../client';
import { fromEpochMilliseconds, touchedSessionsJson, type StoredSessionJson } from './ingestion-sessions-repository';

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

/** A newly stored event as the statement returns it: instants in epoch milliseconds. */
export type StoredEventJson = { company_id: string; user_id: string; occurred_at: number; session_id: string | null; duration_seconds: number | null };

export type InsertOutcome = { stored: StoredEventJson[]; touchedSessions: StoredSessionJson[] };

/** node-postgres answers `{ rows }`, PGlite through drizzle too; both shapes are accepted. */
export function rowsOf<Row>(result: unknown): Row[] {
  if (Array.isArray(result)) return result as Row[];
  return (result as { rows: Row[] }).rows;
}

/**
 * Serialises concurrent batches per user, so one transaction at a time recomputes a user's sessions;
 * keys are locked in sorted order so two batches never wait on each other in a cycle.
 */
export async function lockUsers(db: Executor, portalId: number, userKeys: readonly string[]): Promise<void> {
  if (userKeys.length === 0) return;
  const sorted = JSON.stringify([...new Set(userKeys)].sort());
  await db.execute(sql`
    select count(*) from (
      select pg_advisory_xact_lock(hashtextextended(key, ${portalId}::bigint))
      from jsonb_array_elements_text(${sorted}::jsonb) as key
    ) as locked`);
}

/**
 * One round trip per batch: stores the events not seen before, adds them to the daily active users and
 * daily features aggregates, and returns them with the stored sessions they may change (duplicates
 * are left out of everything).
 */
export async function insertEventsWithAggregates(
  db: Executor,
  portalId: number,
  timeZone: string,
  rows: readonly MatchedEventRow[],
  sessions: { gapMilliseconds: number; useSessionId: boolean },
): Promise<InsertOutcome> {
  if (rows.length === 0) return { stored: [], touchedSessions: [] };
  const payload = JSON.stringify(
    rows.map((row) => ({
      message_id: row.messageId,
      company_id: row.companyId,
      user_id: row.userId,
      event: row.event,
      occurred_at_ms: row.occurredAt,
      session_id: row.sessionId,
      duration_seconds: row.durationSeconds,
      properties: row.properties,
    })),
  );
  const result = await db.execute(sql`
    with input as (
      select * from jsonb_to_recordset(${payload}::jsonb) as x(
        message_id text, company_id text, user_id text, event text, occurred_at_ms bigint,
        session_id text, duration_seconds integer, properties jsonb)
    ),
    inserted as (
      insert into usage_events (portal_id, message_id, company_id, user_id, event, occurred_at, session_id, duration_seconds, properties)
      select ${portalId}::bigint, message_id, company_id, user_id, event, ${fromEpochMilliseconds(sql`occurred_at_ms`)}, session_id, duration_seconds, coalesce(properties, '{}'::jsonb)
      from input order by message_id
      on conflict do nothing
      returning company_id, user_id, event, occurred_at, session_id, duration_seconds
    ),
    active_users as (
      insert into usage_daily_active_users (portal_id, company_id, day, user_id, event_count)
      select ${portalId}::bigint, company_id, (occurred_at at time zone ${timeZone})::date as day, user_id, count(*)::integer
      from inserted group by company_id, day, user_id order by company_id, day, user_id
      on conflict (portal_id, company_id, day, user_id) do update set event_count = usage_daily_active_users.event_count + excluded.event_count
    ),
    features as (
      insert into usage_daily_features (portal_id, company_id, day, feature, event_count)
      select ${portalId}::bigint, company_id, (occurred_at at time zone ${timeZone})::date as day, event, count(*)::integer
      from inserted group by company_id, day, event order by company_id, day, event
      on conflict (portal_id, company_id, day, feature) do update set event_count = usage_daily_features.event_count + excluded.event_count
    )
    select
      (select coalesce(json_agg(json_build_object(
        'company_id', company_id, 'user_id', user_id, 'occurred_at', (extract(epoch from occurred_at) * 1000)::bigint,
        'session_id', session_id, 'duration_seconds', duration_seconds)), '[]'::json) from inserted) as stored,
      ${touchedSessionsJson(portalId, sessions)} as touched_sessions`);
  const [row] = rowsOf<{ stored: StoredEventJson[]; touched_sessions: StoredSessionJson[] }>(result);
  return { stored: row?.stored ?? [], touchedSessions: row?.touched_sessions ?? [] };
}

/** Deletes raw events that occurred before the instant; the aggregates stay. */
export async function deleteEventsBefore(db: Executor, portalId: number, before: Date, limit: number): Promise<number> {
  const result = await db.execute(sql`
    with doomed as (
      select message_id from usage_events where portal_id = ${portalId}::bigint and occurred_at < ${before.toISOString()}::timestamptz limit ${limit}
    )
    delete from usage_events e using doomed where e.portal_id = ${portalId}::bigint and e.message_id = doomed.message_id
    returning e.message_id`);
  return rowsOf<unknown>(result).length;
}
