import { sql, type SQL } from 'drizzle-orm';
import type { InputWindow } from './customer-success-input-window';

/**
 * Usage for the health inputs from the aggregates ingestion keeps (daily active users, stored sessions):
 * a few rows per company and day instead of every event of 120 days and the sessions rebuilt from them.
 * Buckets of 30 days by local calendar day (0 = the last 30 days, 1-3 = the baseline before it), as the
 * events reading buckets by the local midnights. Defines the CTEs `usage` and `features`.
 *
 * Feature users (distinct users per feature over the last 30 days) still come from the raw events: the
 * daily features aggregate counts events, not users. That is a quarter of the window, read without sessions.
 */
export function usageFromDailyAggregates(window: InputWindow, filterOn: (column: SQL) => SQL): SQL {
  const { portalId, asOf, timeZone } = window;
  const day = (daysBefore: number) => sql`(${asOf}::date - ${daysBefore}::int)`;
  const bucketOf = (column: SQL) =>
    sql`case when ${column} >= ${day(29)} then 0 when ${column} >= ${day(59)} then 1 when ${column} >= ${day(89)} then 2 else 3 end`;
  const t30 = sql`((${asOf}::date - 29)::timestamp at time zone ${timeZone})`;
  const tEnd = sql`((${asOf}::date + 1)::timestamp at time zone ${timeZone})`;
  return sql`
    user_buckets as (
      -- Distinct pairs first, then a count: both hash, where count(distinct) would sort. Byte-order collation:
      -- these keys are only grouped, never shown.
      select company_id, bucket, count(*) as users
      from (select distinct d.company_id collate "C" as company_id, ${bucketOf(sql`d.day`)} as bucket, d.user_id collate "C" as user_id
        from usage_daily_active_users d
        where d.portal_id = ${portalId} and d.day between ${day(119)} and ${asOf}::date and ${filterOn(sql`d.company_id`)}) pairs
      group by company_id, bucket
    ), session_buckets as (
      select s.company_id collate "C" as company_id, ${bucketOf(sql`s.start_day`)} as bucket, sum(s.length_milliseconds) / 60000.0 as minutes
      from usage_sessions s
      where s.portal_id = ${portalId} and s.start_day between ${day(119)} and ${asOf}::date and ${filterOn(sql`s.company_id`)}
      group by 1, 2
    ), per_bucket as (
      select u.company_id, u.bucket, u.users, coalesce(s.minutes, 0) / u.users as minutes_per_user
      from user_buckets u left join session_buckets s using (company_id, bucket)
    ), usage as (
      select company_id,
        coalesce(max(users) filter (where bucket = 0), 0) as active_users,
        coalesce(max(users) filter (where bucket = 1), 0) as previous_active_users,
        max(minutes_per_user) filter (where bucket = 0) as minutes_per_user,
        avg(minutes_per_user) filter (where bucket > 0) as baseline_minutes_per_user
      from per_bucket group by company_id
    ), features as (
      select company_id, jsonb_object_agg(event, users) as feature_users
      from (select company_id, event, count(*) as users
        from (select distinct e.company_id collate "C" as company_id, e.event collate "C" as event, e.user_id collate "C" as user_id
          from usage_events e
          where e.portal_id = ${portalId} and e.occurred_at >= ${t30} and e.occurred_at < ${tEnd} and ${filterOn(sql`e.company_id`)}) d
        group by company_id, event) f
      group by company_id
    )`;
}
