import { sql, type SQL } from 'drizzle-orm';
import type { SessionSummary } from '../../domain/usage/session-summaries';
import type { Executor } from '../client';

/**
 * A stored session as the statements return it, positional like the batches they take: company id,
 * user id, session key, start, start day, length, last event, active until (instants in epoch
 * milliseconds), event count.
 */
export type StoredSessionJson = [string, string, string, number, string, number, number, number, number];

export function toSessionSummary([
  companyId,
  userId,
  sessionKey,
  startedAt,
  startDate,
  lengthMilliseconds,
  lastEventAt,
  activeUntil,
  eventCount,
]: StoredSessionJson): SessionSummary {
  return {
    companyId,
    userId,
    sessionKey,
    startedAt,
    startDate,
    lengthMilliseconds,
    lastEventAt,
    activeUntil,
    eventCount,
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
export function touchedSessionsJson(
  portalId: number,
  options: { gapMilliseconds: number; useSessionId: boolean },
): SQL {
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
    select coalesce(json_agg(json_build_array(
      s.company_id, s.user_id, s.session_key, ${epochMilliseconds(sql`s.started_at`)}, s.start_day, s.length_milliseconds,
      ${epochMilliseconds(sql`s.last_event_at`)}, ${epochMilliseconds(sql`s.active_until`)}, s.event_count)), '[]'::json)
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

const sessionRowKey = (session: SessionSummary) =>
  JSON.stringify([session.companyId, session.userId, session.sessionKey, session.startedAt]);

/** A session as the positional row the session statements read (and the checks that compare stored sessions). */
export function sessionRowValues(session: SessionSummary) {
  return [
    session.companyId,
    session.userId,
    session.sessionKey,
    session.startedAt,
    session.startDate,
    session.lengthMilliseconds,
    session.lastEventAt,
    session.activeUntil,
    session.eventCount,
  ] as const;
}

function sessionRows(sessions: readonly SessionSummary[]): string {
  return JSON.stringify(sessions.map(sessionRowValues));
}

const sessionColumns = (rows: string) => sql`
  select e ->> 0 as company_id, e ->> 1 as user_id, e ->> 2 as session_key, ${fromEpochMilliseconds(sql`(e ->> 3)::bigint`)} as started_at,
    (e ->> 4)::date as start_day, (e ->> 5)::bigint as length_milliseconds, ${fromEpochMilliseconds(sql`(e ->> 6)::bigint`)} as last_event_at,
    ${fromEpochMilliseconds(sql`(e ->> 7)::bigint`)} as active_until, (e ->> 8)::integer as event_count
  from jsonb_array_elements(${rows}::jsonb) as e`;

/**
 * What replacing `touched` by `sessions` changes in each company's daily session totals: the touched ones
 * taken out of their start days, the recomputed ones added to theirs; days that do not change are left out.
 */
export function sessionTotalChanges(
  touched: readonly SessionSummary[],
  sessions: readonly SessionSummary[],
): Array<[companyId: string, day: string, sessions: number, lengthMilliseconds: number]> {
  const changes = new Map<string, [string, string, number, number]>();
  const add = (session: SessionSummary, sign: 1 | -1) => {
    const key = JSON.stringify([session.companyId, session.startDate]);
    const change = changes.get(key) ?? [session.companyId, session.startDate, 0, 0];
    change[2] += sign;
    change[3] += sign * session.lengthMilliseconds;
    changes.set(key, change);
  };
  for (const session of touched) add(session, -1);
  for (const session of sessions) add(session, 1);
  return [...changes.values()].filter(([, , count, length]) => count !== 0 || length !== 0);
}

/**
 * Replaces the touched sessions by the recomputed ones in one statement: a recomputed session that
 * starts where a touched one did updates its row, the other touched ones are deleted and the other
 * recomputed ones inserted. The caller holds the users' locks, and a session no new event can reach
 * was not recomputed, so those inserts never meet an existing row: they skip ON CONFLICT's extra probe.
 * The same statement moves the daily session totals (in company and day order, so two batches lock the
 * rows they share in one order).
 */
export async function replaceSessions(
  db: Executor,
  portalId: number,
  touched: readonly SessionSummary[],
  sessions: readonly SessionSummary[],
): Promise<void> {
  if (touched.length === 0 && sessions.length === 0) return;
  const touchedKeys = new Set(touched.map(sessionRowKey));
  const freshKeys = new Set(sessions.map(sessionRowKey));
  const updated = sessions.filter((session) => touchedKeys.has(sessionRowKey(session)));
  const inserted = sessions.filter((session) => !touchedKeys.has(sessionRowKey(session)));
  const removed = touched.filter((session) => !freshKeys.has(sessionRowKey(session)));
  const removedKeys = JSON.stringify(
    removed.map((session) => [session.companyId, session.userId, session.sessionKey, session.startedAt]),
  );
  const totals = JSON.stringify(sessionTotalChanges(touched, sessions));
  await db.execute(sql`
    with totals as (
      insert into usage_daily_session_totals as t (portal_id, company_id, day, sessions, length_milliseconds)
      select ${portalId}::bigint, e ->> 0, (e ->> 1)::date, (e ->> 2)::integer, (e ->> 3)::bigint
      from jsonb_array_elements(${totals}::jsonb) as e
      order by 2, 3
      on conflict (portal_id, company_id, day) do update set
        sessions = t.sessions + excluded.sessions, length_milliseconds = t.length_milliseconds + excluded.length_milliseconds
    ),
    removed as (
      delete from usage_sessions s using (
        select e ->> 0 as company_id, e ->> 1 as user_id, e ->> 2 as session_key, ${fromEpochMilliseconds(sql`(e ->> 3)::bigint`)} as started_at
        from jsonb_array_elements(${removedKeys}::jsonb) as e
      ) t
      where s.portal_id = ${portalId}::bigint and s.company_id = t.company_id and s.user_id = t.user_id
        and s.session_key = t.session_key and s.started_at = t.started_at
    ),
    updated as (
      -- An upsert, not an update joined to the rows: its primary-key probes cannot turn into a scan of
      -- the portal's sessions on a planner guess.
      insert into usage_sessions (portal_id, company_id, user_id, session_key, started_at, start_day, length_milliseconds, last_event_at, active_until, event_count)
      select ${portalId}::bigint, company_id, user_id, session_key, started_at, start_day, length_milliseconds, last_event_at, active_until, event_count
      from (${sessionColumns(sessionRows(updated))}) u
      order by company_id, user_id, session_key, started_at
      on conflict (portal_id, company_id, user_id, session_key, started_at) do update set
        start_day = excluded.start_day, length_milliseconds = excluded.length_milliseconds, last_event_at = excluded.last_event_at,
        active_until = excluded.active_until, event_count = excluded.event_count
    )
    insert into usage_sessions (portal_id, company_id, user_id, session_key, started_at, start_day, length_milliseconds, last_event_at, active_until, event_count)
    select ${portalId}::bigint, company_id, user_id, session_key, started_at, start_day, length_milliseconds, last_event_at, active_until, event_count
    from (${sessionColumns(sessionRows(inserted))}) i
    order by company_id, user_id, session_key, started_at`);
}
