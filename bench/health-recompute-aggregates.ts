// Fills the aggregates ingestion keeps (daily and monthly active users, daily features, monthly feature users,
// stored sessions and their daily totals) from the bench's raw events in a few statements, as ingestion would
// have stored them batch by batch.
import { sql } from 'drizzle-orm';
import type { Database, Executor } from '../src/db/client';

export async function seedUsageAggregates(
  db: Database,
  portalId: number,
  timeZone: string,
  gapMinutes: number,
): Promise<void> {
  await db.execute(sql`insert into usage_daily_active_users (portal_id, company_id, day, user_id, event_count)
    select ${portalId}, company_id, (occurred_at at time zone ${timeZone})::date, user_id, count(*)::int
    from usage_events where portal_id = ${portalId} group by 2, 3, 4`);
  await db.execute(sql`insert into usage_daily_features (portal_id, company_id, day, feature, event_count)
    select ${portalId}, company_id, (occurred_at at time zone ${timeZone})::date, event, count(*)::int
    from usage_events where portal_id = ${portalId} group by 2, 3, 4`);
  await fillMonthlyActiveUsers(db, portalId);
  await db.execute(sql`insert into usage_monthly_feature_users (portal_id, month, company_id, feature, user_id, first_day, last_day)
    select ${portalId}, date_trunc('month', day)::date, company_id, event, user_id, min(day), max(day)
    from (select company_id, event, user_id, (occurred_at at time zone ${timeZone})::date as day from usage_events where portal_id = ${portalId}) local
    group by 2, 3, 4, 5`);
  const gap = `${gapMinutes} minutes`;
  // A session's length runs from its first event to its last one's end (the last event's duration).
  await db.execute(sql`insert into usage_sessions
      (portal_id, company_id, user_id, session_key, started_at, start_day, length_milliseconds, last_event_at, active_until, event_count)
    with events as (
      select company_id, user_id, occurred_at, session_id, duration_seconds from usage_events where portal_id = ${portalId}
    ), loose as (
      select *, sum(starts) over (partition by company_id, user_id order by occurred_at rows unbounded preceding) as number
      from (select *, case when lag(occurred_at) over w is null or occurred_at - lag(occurred_at) over w > ${gap}::interval then 1 else 0 end as starts
        from events where session_id is null window w as (partition by company_id, user_id order by occurred_at)) marked
    ), sessions as (
      select company_id, user_id, session_id as session_key, min(occurred_at) as started_at, max(occurred_at) as last_event_at, count(*) as event_count,
        (max(array[date_part('epoch', occurred_at), coalesce(duration_seconds, 0)]))[2]::bigint as last_duration
      from events where session_id is not null group by company_id, user_id, session_id
      union all
      select company_id, user_id, '', min(occurred_at), max(occurred_at), count(*),
        (max(array[date_part('epoch', occurred_at), coalesce(duration_seconds, 0)]))[2]::bigint
      from loose group by company_id, user_id, number
    )
    select ${portalId}, company_id, user_id, session_key, started_at, (started_at at time zone ${timeZone})::date,
      (extract(epoch from last_event_at - started_at) * 1000)::bigint + last_duration * 1000, last_event_at, last_event_at + ${gap}::interval, event_count::int
    from sessions`);
  await db.execute(sql`insert into usage_daily_session_totals (portal_id, company_id, day, sessions, length_milliseconds)
    select ${portalId}, company_id, start_day, count(*)::int, sum(length_milliseconds)::bigint
    from usage_sessions where portal_id = ${portalId} group by 2, 3`);
}

/** The monthly active users and their counts, from the daily active users (as ingestion keeps them beside those). */
export async function fillMonthlyActiveUsers(db: Executor, portalId: number): Promise<void> {
  await db.execute(sql`insert into usage_monthly_active_users (portal_id, company_id, month, user_id, first_day, last_day)
    select ${portalId}, company_id collate "C", date_trunc('month', day)::date, user_id collate "C", min(day), max(day)
    from usage_daily_active_users where portal_id = ${portalId} group by 2, 3, 4`);
  await db.execute(sql`insert into usage_monthly_active_user_counts (portal_id, month, company_id, users)
    select ${portalId}, month, company_id collate "C", count(*) from usage_monthly_active_users where portal_id = ${portalId} group by 2, 3`);
}
