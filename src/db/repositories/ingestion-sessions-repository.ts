import { sql, type SQL } from 'drizzle-orm';
import type { SessionSummary } from '../../domain/usage/session-summaries';
import type { Executor } from '../client';

/** A stored session as the statements exchange it: instants in epoch milliseconds. */
export type StoredSessionJson = {
  company_id: string;
  user_id: string;
  session_key: string;
  started_at: number;
  start_day: string;
  length_milliseconds: number;
  last_event_at: number;
  active_until: number;
  event_count: number;
};

export function toSessionSummary(row: StoredSessionJson): SessionSummary {
  return {
    companyId: row.company_id,
    userId: row.user_id,
    sessionKey: row.session_key,
    startedAt: row.started_at,
    startDate: row.start_day,
    lengthMilliseconds: row.length_milliseconds,
    lastEventAt: row.last_event_at,
    activeUntil: row.active_until,
    eventCount: row.event_count,
  };
}

/** Instants travel as epoch milliseconds: exact, and cheaper on both sides than ISO strings. */
export const fromEpochMilliseconds = (column: SQL) => sql`(timestamptz 'epoch' + ${column} * interval '1 millisecond')`;

const epochMilliseconds = (column: SQL) => sql`(extract(epoch from ${column}) * 1000)::bigint`;

/**
 * The stored sessions that new events (the `inserted` CTE) may extend, merge or split, as one JSON
 * array: a session is touched when its span, widened by the inactivity gap, meets the range of its
 * user's new events; a keyed session (the sender's session id) whenever the key matches.
 */
export function touchedSessionsJson(portalId: number, options: { gapMilliseconds: number; useSessionId: boolean }): SQL {
  const gap = sql`${options.gapMilliseconds} * interval '1 millisecond'`;
  // Unkeyed sessions of one user are apart by the gap, so their ends rise with their starts: none started
  // before the last one started by first_at can reach the new events. That start bounds the index scan.
  return sql`(
    with ranges as (
      select company_id, user_id, case when ${options.useSessionId} and session_id is not null then session_id else '' end as session_key,
        min(occurred_at) as first_at, max(occurred_at + coalesce(duration_seconds, 0) * interval '1 second') as last_end_at
      from inserted group by 1, 2, 3
    ),
    affected as (
      select r.*,
        case when r.session_key <> '' then '-infinity'::timestamptz else coalesce((
          select max(p.started_at) from usage_sessions p
          where p.portal_id = ${portalId}::bigint and p.company_id = r.company_id and p.user_id = r.user_id
            and p.session_key = '' and p.started_at <= r.first_at), '-infinity') end as scan_from,
        case when r.session_key <> '' then 'infinity'::timestamptz else r.last_end_at + ${gap} end as scan_before
      from ranges r
    )
    select coalesce(json_agg(json_build_object(
      'company_id', s.company_id, 'user_id', s.user_id, 'session_key', s.session_key,
      'started_at', ${epochMilliseconds(sql`s.started_at`)}, 'start_day', s.start_day,
      'length_milliseconds', s.length_milliseconds, 'last_event_at', ${epochMilliseconds(sql`s.last_event_at`)},
      'active_until', ${epochMilliseconds(sql`s.active_until`)}, 'event_count', s.event_count)), '[]'::json)
    from affected a cross join lateral (
      select * from usage_sessions s
      where s.portal_id = ${portalId}::bigint and s.company_id = a.company_id and s.user_id = a.user_id and s.session_key = a.session_key
        and s.started_at >= a.scan_from and s.started_at < a.scan_before
        and (a.session_key <> '' or s.active_until + ${gap} > a.first_at)
      -- offset 0 keeps the subquery from being flattened into a join: the planner, guessing few new
      -- events, would hash-join all of the portal's sessions; this is one primary-key range per user.
      offset 0
    ) s
  )`;
}

/**
 * Replaces the touched sessions by the recomputed ones in one statement: those recomputed keep their
 * row (updated), the others are deleted, so no row is written twice.
 */
export async function replaceSessions(db: Executor, portalId: number, touched: readonly SessionSummary[], sessions: readonly SessionSummary[]): Promise<void> {
  if (touched.length === 0 && sessions.length === 0) return;
  const fresh = JSON.stringify(
    sessions.map((session) => ({
      company_id: session.companyId,
      user_id: session.userId,
      session_key: session.sessionKey,
      started_at: session.startedAt,
      start_day: session.startDate,
      length_milliseconds: session.lengthMilliseconds,
      last_event_at: session.lastEventAt,
      active_until: session.activeUntil,
      event_count: session.eventCount,
    })),
  );
  const stale = JSON.stringify(touched.map((session) => ({ company_id: session.companyId, user_id: session.userId, session_key: session.sessionKey, started_at: session.startedAt })));
  await db.execute(sql`
    with fresh as (
      select company_id, user_id, session_key, ${fromEpochMilliseconds(sql`started_at`)} as started_at, start_day, length_milliseconds,
        ${fromEpochMilliseconds(sql`last_event_at`)} as last_event_at, ${fromEpochMilliseconds(sql`active_until`)} as active_until, event_count
      from jsonb_to_recordset(${fresh}::jsonb) as x(company_id text, user_id text, session_key text, started_at bigint,
        start_day date, length_milliseconds bigint, last_event_at bigint, active_until bigint, event_count integer)
    ),
    stale as (
      select company_id, user_id, session_key, ${fromEpochMilliseconds(sql`started_at`)} as started_at
      from jsonb_to_recordset(${stale}::jsonb) as x(company_id text, user_id text, session_key text, started_at bigint)
    ),
    removed as (
      delete from usage_sessions s using stale t
      where s.portal_id = ${portalId}::bigint and s.company_id = t.company_id and s.user_id = t.user_id
        and s.session_key = t.session_key and s.started_at = t.started_at
        and not exists (select 1 from fresh f where f.company_id = t.company_id and f.user_id = t.user_id and f.session_key = t.session_key and f.started_at = t.started_at)
    )
    insert into usage_sessions (portal_id, company_id, user_id, session_key, started_at, start_day, length_milliseconds, last_event_at, active_until, event_count)
    select ${portalId}::bigint, company_id, user_id, session_key, started_at, start_day, length_milliseconds, last_event_at, active_until, event_count from fresh
    order by company_id, user_id, session_key, started_at
    on conflict (portal_id, company_id, user_id, session_key, started_at) do update set
      start_day = excluded.start_day, length_milliseconds = excluded.length_milliseconds, last_event_at = excluded.last_event_at,
      active_until = excluded.active_until, event_count = excluded.event_count`);
}
