import { sql, type SQL } from 'drizzle-orm';
import type { InputWindow } from './customer-success-input-window';

/**
 * Usage for the health inputs from the aggregates ingestion keeps (monthly active users and feature users, daily
 * session totals) instead of every event of 120 days and the sessions rebuilt from them. Buckets of 30 days by local
 * calendar day (0 = the last 30 days, 1-3 = the baseline before it), as the events reading buckets by the local
 * midnights. Defines the CTEs `usage` and `features`.
 *
 * Users come from the monthly rows (a user's first and last active day of each month), not the daily ones: a
 * 30-day bucket's part of a month always touches the month's first or last day (a part touching neither would
 * need a month of 32 days), and a user was active in such a part iff the month's first active day is on or before
 * the bucket's last day and the last active day on or after its first. So the rows read grow with a customer's
 * users, not with how many days each of them is active, and the sessions' with the days, not with the sessions.
 */
export function usageFromAggregates(window: InputWindow, filterOn: (column: SQL) => SQL): SQL {
  const { portalId, asOf } = window;
  const day = (daysBefore: number) => sql`(${asOf}::date - ${daysBefore}::int)`;
  // Per bucket: the users active in it and the minutes per active user; a bucket without users has no
  // minutes per user (null), as the events reading has no row for it.
  const minutesPerUser = (bucket: number) =>
    sql.raw(`case when u.users_${bucket} > 0 then coalesce(s.minutes_${bucket}, 0) / u.users_${bucket} end`);
  // Distinct users of one bucket (days from..to before asOf), counted within one company's rows in byte order.
  const usersIn = (from: number, to: number) =>
    sql`count(distinct m.user_id collate "C") filter (where m.first_day <= ${day(to)} and m.last_day >= ${day(from)})`;
  const minutesIn = (from: number, to: number) =>
    sql`sum(t.length_milliseconds) filter (where t.day between ${day(from)} and ${day(to)}) / 60000.0`;
  const monthOf = (daysBefore: number) => sql`date_trunc('month', ${day(daysBefore)})::date`;
  return sql`
    user_counts as (
      -- Each customer's own months, read as one range of the (portal, company, month) key: small sorts per
      -- company instead of hashing the portal's company-users, and only the window's months however much
      -- history the aggregate keeps.
      select c.company_id, u.users_0, u.users_1, u.users_2, u.users_3
      from customers c cross join lateral (
        select ${usersIn(29, 0)} as users_0, ${usersIn(59, 30)} as users_1, ${usersIn(89, 60)} as users_2,
          ${usersIn(119, 90)} as users_3
        from usage_monthly_active_users m
        where m.portal_id = ${portalId} and m.company_id = c.company_id and m.month between ${monthOf(119)} and ${monthOf(0)}
          and m.last_day >= ${day(119)}
      ) u
    ), session_minutes as (
      -- Each customer's 120 days as one range of the key, whose index carries the totals (migration 0033): 0.3 to 0.6 s for
      -- 50k companies at 100k, where a parallel scan of the range with hashing took 1.0 to 1.2 s.
      select c.company_id, s.minutes_0, s.minutes_1, s.minutes_2, s.minutes_3
      from customers c cross join lateral (
        select ${minutesIn(29, 0)} as minutes_0, ${minutesIn(59, 30)} as minutes_1,
          ${minutesIn(89, 60)} as minutes_2, ${minutesIn(119, 90)} as minutes_3
        from usage_daily_session_totals t
        where t.portal_id = ${portalId} and t.company_id = c.company_id and t.day between ${day(119)} and ${asOf}::date
      ) s
    ), usage as (
      select u.company_id, u.users_0 as active_users, u.users_1 as previous_active_users,
        ${minutesPerUser(0)} as minutes_per_user,
        (select avg(value) from (values (${minutesPerUser(1)}), (${minutesPerUser(2)}), (${minutesPerUser(3)})) baseline(value))
          as baseline_minutes_per_user
      from user_counts u left join session_minutes s using (company_id)
    ), features as (
      -- Distinct users per company and feature counted within each group (small sorts as each group is finished)
      -- rather than hashing every distinct (company, feature, user) first (2.5 to 0.95 s alone at 100k companies,
      -- measured when this read the raw events).
      select company_id, json_object_agg(feature, users) as feature_users
      from (select f.company_id collate "C" as company_id, f.feature collate "C" as feature, count(distinct f.user_id collate "C") as users
        from usage_monthly_feature_users f
        where f.portal_id = ${portalId} and f.month between ${monthOf(29)} and ${monthOf(0)}
          and f.first_day <= ${asOf}::date and f.last_day >= ${day(29)} and ${filterOn(sql`f.company_id`)}
        group by 1, 2) f
      group by company_id
    )`;
}
