import { sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Executor } from '../client';
import { withoutNestedLoops } from './analytic-query';
import { addDays } from '../../domain/time/calendar-date';
import { jsonColumn } from './query-rows';

export interface DailyActivity {
  date: string;
  /** Distinct users active in the 30 days ending on `date`. */
  activeUsers: number;
  /** Distinct features of `features` used in the same 30 days. */
  featuresUsed: number;
  seats: number | null;
}

export interface DailyActivityQuery {
  readonly portalId: number;
  readonly companyIds: readonly string[];
  readonly from: string;
  readonly to: string;
  readonly timeZone: string;
  readonly features: readonly string[];
  readonly seatProductId: string;
  /** The daily aggregates ingestion keeps (the default), or the raw events they are checked against. */
  readonly usageSource?: 'aggregates' | 'events';
}

// One row per company with its days in order from `from` to `to` (the grid leaves none out): a first run
// rebuilds 90 days for thousands of companies, and a row per day cost more to read than to compute.
const dailyActivityRowSchema = z.object({
  company_id: z.string(),
  active_users: jsonColumn(z.array(z.number())),
  features_used: jsonColumn(z.array(z.number())),
  seats: jsonColumn(z.array(z.number().nullable())),
});

/** The days each user and each feature of `features` was active, as the CTE `subject_days`. */
function subjectDaysFromAggregates(query: DailyActivityQuery, companies: SQL, features: SQL): SQL {
  const { portalId, from, to } = query;
  return sql`subject_days as (
      -- Byte-order collation: the runs below sort by these keys, which are never shown.
      select 'user' collate "C" as kind, d.company_id collate "C" as company_id, d.user_id collate "C" as subject, d.day from usage_daily_active_users d
      where d.portal_id = ${portalId} and d.company_id in (${companies}) and d.day between ${from}::date - 29 and ${to}::date
      union all
      select 'feature', f.company_id, f.feature, f.day from usage_daily_features f
      where f.portal_id = ${portalId} and f.company_id in (${companies}) and f.day between ${from}::date - 29 and ${to}::date and f.feature in (${features})
    )`;
}

function subjectDaysFromEvents(query: DailyActivityQuery, companies: SQL, features: SQL): SQL {
  const { portalId, timeZone, from, to } = query;
  return sql`activity as (
      select distinct e.company_id, e.user_id, e.event, (e.occurred_at at time zone ${timeZone})::date as day
      from usage_events e
      where e.portal_id = ${portalId} and e.company_id in (${companies})
        and e.occurred_at >= ((${from}::date - 29)::timestamp at time zone ${timeZone})
        and e.occurred_at < ((${to}::date + 1)::timestamp at time zone ${timeZone})
    ), subject_days as (
      select distinct 'user' as kind, company_id, user_id as subject, day from activity
      union all
      select distinct 'feature', company_id, event, day from activity where event in (${features})
    )`;
}

/**
 * The trailing-30-day activity of some companies on each day of a range: rebuilds the history
 * that daily runs would have stored (adoption runs, seat utilization streaks) when they did not run.
 */
export async function loadDailyActivity(
  db: Executor,
  query: DailyActivityQuery,
): Promise<Map<string, DailyActivity[]>> {
  const history = new Map<string, DailyActivity[]>();
  if (query.companyIds.length === 0) return history;
  const rows = await withoutNestedLoops(db, dailyActivityQuery(query), dailyActivityRowSchema);
  for (const row of rows)
    history.set(
      row.company_id,
      row.active_users.map((activeUsers, index) => ({
        date: addDays(query.from, index),
        activeUsers,
        featuresUsed: row.features_used[index] ?? 0,
        seats: row.seats[index] ?? null,
      })),
    );
  return history;
}

export function dailyActivityQuery(query: DailyActivityQuery): SQL {
  const { portalId, from, to } = query;
  const companies = sql`select company_id from chosen`;
  const features =
    query.features.length === 0
      ? sql`null`
      : sql.join(
          query.features.map((feature) => sql`${feature}`),
          sql`, `,
        );
  const subjectDays =
    query.usageSource === 'events'
      ? subjectDaysFromEvents(query, companies, features)
      : subjectDaysFromAggregates(query, companies, features);
  // Each active day covers the 30-day windows ending on it and the 29 days after; a user's (or
  // feature's) overlapping covers merge into runs, and the runs' starts and ends, summed in day
  // order, give the trailing-30-day counts without expanding every day 30 times.
  return sql`
    with chosen as (
      -- One JSON parameter: a first run rebuilds thousands of companies, and as many bind values cost more than the query.
      select jsonb_array_elements_text(${JSON.stringify(query.companyIds)}::jsonb) collate "C" as company_id
    ), days as (
      select day::date as day from generate_series(${from}::date, ${to}::date, interval '1 day') as day
    ), ${subjectDays}, marked as (
      select kind, company_id, subject, day,
        case when day - lag(day) over w > 30 then 1 else 0 end as starts
      from subject_days window w as (partition by kind, company_id, subject order by day)
    ), runs as (
      select kind, company_id, min(day) as first_day, max(day) + 30 as end_day
      from (select *, sum(starts) over (partition by kind, company_id, subject order by day rows unbounded preceding) as run from marked) numbered
      group by kind, company_id, subject, run
    ), deltas as (
      select kind, company_id, greatest(first_day, ${from}::date) as day, 1 as delta from runs
      union all
      select kind, company_id, greatest(end_day, ${from}::date), -1 from runs where end_day <= ${to}::date
    ), summed as (
      select company_id, day, coalesce(sum(delta) filter (where kind = 'user'), 0) as users,
        coalesce(sum(delta) filter (where kind = 'feature'), 0) as features
      from deltas group by company_id, day
    ), grid as (
      select c.company_id, d.day from chosen c cross join days d
    ), k as (
      select g.company_id, g.day,
        sum(coalesce(s.users, 0)) over w as active_users, sum(coalesce(s.features, 0)) over w as features_used
      from grid g left join summed s on s.company_id = g.company_id and s.day = g.day
      window w as (partition by g.company_id order by g.day rows unbounded preceding)
    ), seats as (
      select g.company_id, g.day, sum(s.seats) as seats from grid g
      join contracts s on s.portal_id = ${portalId} and s.company_id = g.company_id and s.product = ${query.seatProductId}
        and s.start_date <= g.day and s.end_date > g.day
      group by g.company_id, g.day
    )
    select k.company_id, jsonb_agg(k.active_users::int order by k.day) as active_users,
      jsonb_agg(k.features_used::int order by k.day) as features_used, jsonb_agg(seats.seats::int order by k.day) as seats
    from k left join seats using (company_id, day) group by k.company_id`;
}
