import { sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Executor } from '../client';
import {
  dayToPeriodLookup,
  daysSpanned,
  isWholeMonth,
  windowCompanyUsers,
  windowMonths,
  type DayWindow,
} from './kpi-day-windows';
import { rowsInWindows } from './kpi-step-windows';
import {
  companyGroups,
  groupKeyColumn,
  periodsValues,
  sameGroup,
  withKpiPlannerSettings,
  type KpiQuery,
} from './kpi-query-parts';
import { integerColumn, queryRows } from './query-rows';

export type SessionRules = { inactivityMinutes: number; useSessionId: boolean };

/**
 * Where sessions come from: the sessions ingestion maintains (usage_sessions, split with ingestion's
 * rules), or the raw events split with other rules (raw events only reach back as far as retention).
 */
export type SessionSource = { from: 'stored-sessions' } | ({ from: 'events' } & SessionRules);

/** Integer aggregates of surveys, `mau` and sessions for one period and group. */
export type ActivityKpiAggregates = {
  period: string;
  group: string | null;
  npsResponses: number;
  npsPromoters: number;
  npsDetractors: number;
  csatResponses: number;
  csatSatisfied: number;
  csatScoreSum: number;
  mau: number;
  sessions: number;
  sessionMilliseconds: number;
  /** The middle session length, or the sum of the two middle ones, and how many (1 or 2; 0 without sessions). */
  medianMillisecondsSum: number;
  medianSessions: number;
};

const activityRowSchema = z.object({
  label: z.string(),
  group_key: groupKeyColumn,
  nps_responses: integerColumn,
  nps_promoters: integerColumn,
  nps_detractors: integerColumn,
  csat_responses: integerColumn,
  csat_satisfied: integerColumn,
  csat_score_sum: integerColumn,
  mau: integerColumn,
  sessions: integerColumn,
  session_milliseconds: integerColumn,
  median_milliseconds_sum: integerColumn,
  median_sessions: integerColumn,
});

/**
 * Surveys, MAU and session time (domain §3) per period and group. Days are the portal's: a local day
 * is the instants from its midnight to the next one; the daily active users and stored sessions that
 * ingestion maintains are dated in the portal's time zone too, so `timeZone` must be the portal's.
 * `mau` counts distinct (company, user) in each period's window: whole calendar months from the monthly
 * counts ingestion keeps, other windows over the daily active users. Sessions split from raw events use the events
 * within a day of the range, so such a session is exact unless it runs longer than a day across the
 * range's edge.
 */
export async function activityKpiAggregates(
  db: Executor,
  query: KpiQuery,
  sessionSource: SessionSource,
): Promise<ActivityKpiAggregates[]> {
  const { portalId, timeZone, periods, cut } = query;
  const grouped = cut !== null;
  // Inlined at each use rather than a shared CTE: a CTE scan keeps the large scans it joins from running in parallel.
  const groupJoin = (alias: string) =>
    grouped ? sql`left join (${companyGroups(portalId, cut)}) g on g.company_id = ${sql.raw(alias)}.company_id` : sql``;
  const groupKey = grouped ? sql`g.group_key` : sql`null::text`;
  const rows = await withKpiPlannerSettings(db, (executor) =>
    queryRows(
      executor,
      sql`with periods as (${periodsValues(periods)}),
bounds as (
  select label,
    (first_day::timestamp at time zone ${timeZone}) as from_at,
    ((last_day + 1)::timestamp at time zone ${timeZone}) as to_at
  from periods
),
surveys as (
  select b.label, ${groupKey} as group_key,
    count(*) filter (where r.kind = 'nps') as nps_responses,
    count(*) filter (where r.kind = 'nps' and r.score >= 9) as nps_promoters,
    count(*) filter (where r.kind = 'nps' and r.score <= 6) as nps_detractors,
    count(*) filter (where r.kind = 'csat') as csat_responses,
    count(*) filter (where r.kind = 'csat' and r.score >= 4) as csat_satisfied,
    sum(r.score) filter (where r.kind = 'csat') as csat_score_sum
  from bounds b
  join survey_responses r on r.portal_id = ${portalId} and r.submitted_at >= b.from_at and r.submitted_at < b.to_at
  ${groupJoin('r')}
  group by 1, 2
),
${companyCounts(portalId, query)},
active_users as (
  select p.label, ${groupKey} as group_key, sum(u.users) as mau
  from company_counts u join periods p on p.period_index = u.period_index ${groupJoin('u')}
  group by 1, 2
),
${sessionSource.from === 'stored-sessions' ? storedSessionTime(portalId, grouped, groupJoin, groupKey) : eventSessionTime(query, sessionSource, groupJoin, groupKey)},
keys as (
  select label, group_key from surveys union select label, group_key from active_users union select label, group_key from session_time
)
select k.label, k.group_key, s.nps_responses, s.nps_promoters, s.nps_detractors, s.csat_responses, s.csat_satisfied, s.csat_score_sum,
  a.mau, t.sessions, t.session_milliseconds,
  case when t.sessions % 2 = 1 then t.middle_lengths[1] else t.middle_lengths[1] + t.middle_lengths[2] end as median_milliseconds_sum,
  case when t.sessions % 2 = 1 then 1 when t.sessions > 0 then 2 end as median_sessions
from keys k
left join surveys s on ${sameGroup('s', 'k')}
left join active_users a on ${sameGroup('a', 'k')}
left join session_time t on ${sameGroup('t', 'k')}`,
      activityRowSchema,
    ),
  );
  return rows.map((row) => ({
    period: row.label,
    group: row.group_key,
    npsResponses: row.nps_responses,
    npsPromoters: row.nps_promoters,
    npsDetractors: row.nps_detractors,
    csatResponses: row.csat_responses,
    csatSatisfied: row.csat_satisfied,
    csatScoreSum: row.csat_score_sum,
    mau: row.mau,
    sessions: row.sessions,
    sessionMilliseconds: row.session_milliseconds,
    medianMillisecondsSum: row.median_milliseconds_sum,
    medianSessions: row.median_sessions,
  }));
}

/**
 * `company_counts(period_index, company_id, users)`: the distinct users active in each period's MAU window,
 * per company when grouped (null otherwise). Whole calendar months read the monthly counts; any other window (the
 * running month, trailing days, a quarter or twelve months) groups the users of the monthly or daily active users
 * (`windowCompanyUsers`). (A report of 23 closed months and the running one had counted all 24 from the 9.6M daily
 * rows at full scale: 8.6 s for the report, 3.4 s since.)
 */
function companyCounts(portalId: number, query: KpiQuery): SQL {
  const windows = query.periods.map((period, position) => ({
    periodIndex: position + 1,
    firstDay: period.mauFirstDay,
    lastDay: period.lastDay,
  }));
  const grouped = query.cut !== null;
  const wholeMonths = windows.filter(isWholeMonth);
  const otherWindows = windows.filter((window) => !isWholeMonth(window));
  const parts = [
    ...(wholeMonths.length === 0 ? [] : [monthlyCompanyCounts(portalId, wholeMonths, grouped)]),
    ...(otherWindows.length === 0 ? [] : [windowCompanyCounts(portalId, otherWindows, grouped)]),
  ];
  const none = sql`select null::int, null::text, null::bigint where false`;
  return sql`company_counts(period_index, company_id, users) as (${parts.length === 0 ? none : sql.join(parts, sql` union all `)})`;
}

function monthlyCompanyCounts(portalId: number, windows: readonly DayWindow[], grouped: boolean): SQL {
  const { first, last } = daysSpanned(windows);
  const months = windowMonths(windows);
  const inRange = sql`c.portal_id = ${portalId} and c.month between ${first}::date and ${last}::date`;
  // A count row is already one company's month: grouping them by company again would only cost a hash.
  return grouped
    ? sql`select w.period_index, c.company_id, c.users::bigint
  from usage_monthly_active_user_counts c join (${months}) w on w.month = c.month
  where ${inRange}`
    : sql`select w.period_index, null::text, sum(c.users)::bigint
  from usage_monthly_active_user_counts c join (${months}) w on w.month = c.month
  where ${inRange}
  group by 1`;
}

function windowCompanyCounts(portalId: number, windows: readonly DayWindow[], grouped: boolean): SQL {
  const users = windowCompanyUsers(portalId, windows);
  return grouped
    ? sql`select period_index, company_id, users from (${users}) window_users`
    : sql`select period_index, null::text, sum(users)::bigint from (${users}) window_users group by 1`;
}

// The median is exact and takes one sort: percentile_disc(f) is the length at row ceil(f x n) in ascending order,
// so 0.5 gives the lower middle one and 0.5 + 1e-12 the upper one when n is even (for any n below 10^12).
const middleFractions = sql.raw('array[0.5, 0.5 + 1e-12]::float8[]');
const sessionAggregates = (length: SQL) =>
  sql`count(*) as sessions, sum(${length}) as session_milliseconds,
    percentile_disc(${middleFractions}) within group (order by ${length}) as middle_lengths`;

/**
 * `session_time(label, group_key, sessions, session_milliseconds, middle_lengths)` from the sessions ingestion
 * maintains: each period's sessions by an index-only range scan of their start days, grouped apart, so the
 * median sorts one period's sessions at a time instead of sorting them all by period first. With a cut, each
 * group's lengths are gathered by hashing and sorted on their own: sorting a period's sessions by group first
 * (what an ordered-set aggregate under GROUP BY does) cost more than the medians.
 */
function storedSessionTime(portalId: number, grouped: boolean, groupJoin: (alias: string) => SQL, groupKey: SQL): SQL {
  const periodSessions = sql`from usage_sessions u ${groupJoin('u')}
    where u.portal_id = ${portalId} and u.start_day between p.first_day and p.last_day`;
  const perGroup = grouped
    ? sql`select g.group_key, g.sessions, g.session_milliseconds,
      (select percentile_disc(${middleFractions}) within group (order by length) from unnest(g.lengths) length) as middle_lengths
    from (
      select ${groupKey} as group_key, count(*) as sessions, sum(u.length_milliseconds) as session_milliseconds,
        array_agg(u.length_milliseconds) as lengths
      ${periodSessions}
      group by 1
    ) g`
    : sql`select null::text as group_key, ${sessionAggregates(sql`u.length_milliseconds`)}
    ${periodSessions}`;
  return sql`session_time as (
  select p.label, t.group_key::text as group_key, t.sessions, t.session_milliseconds, t.middle_lengths
  from periods p cross join lateral (${perGroup}) t
)`;
}

/**
 * `session_time(...)` as above, from sessions split from the raw events with other rules. Months apart: a
 * session's period is an array subscript, with no join to the periods.
 */
function eventSessionTime(query: KpiQuery, rules: SessionRules, groupJoin: (alias: string) => SQL, groupKey: SQL): SQL {
  const sessionWindows = query.periods.map((period, position) => ({
    periodIndex: position + 1,
    firstDay: period.firstDay,
    lastDay: period.lastDay,
  }));
  const sessionLookup = dayToPeriodLookup(sessionWindows);
  const sessionPeriods =
    sessionLookup === null
      ? {
          periodIndex: sql`p.period_index`,
          from: rowsInWindows(sql`all_sessions s`, sessionWindows, sql`s.start_day`),
          where: sql``,
        }
      : {
          periodIndex: sessionLookup(sql`s.start_day`),
          from: sql`all_sessions s`,
          where: sql`where ${sessionLookup(sql`s.start_day`)} is not null`,
        };
  return sql`${eventSessions(query.portalId, query.timeZone, rules)},
period_sessions as (
  select ${sessionPeriods.periodIndex} as period_index, (${groupKey}) collate "C" as group_key, s.length
  from ${sessionPeriods.from}
  ${groupJoin('s')}
  ${sessionPeriods.where}
),
session_time as (
  select (select label from periods where periods.period_index = d.period_index) as label, group_key::text as group_key, ${sessionAggregates(sql`length`)}
  from period_sessions d group by d.period_index, d.group_key
)`;
}

/** `all_sessions(company_id, start_day, length)` split from the raw events with the given rules. */
function eventSessions(portalId: number, timeZone: string, rules: SessionRules): SQL {
  const inactivityMilliseconds = Math.round(rules.inactivityMinutes * 60_000);
  return sql`range as (select min(from_at) - interval '1 day' as from_at, max(to_at) + interval '1 day' as to_at from bounds),
events as (
  select e.company_id, e.user_id, case when ${rules.useSessionId} then e.session_id end as session_id,
    floor(extract(epoch from e.occurred_at) * 1000)::bigint as at,
    coalesce(e.duration_seconds, 0)::bigint * 1000 as duration
  from usage_events e, range
  where e.portal_id = ${portalId} and e.occurred_at >= range.from_at and e.occurred_at < range.to_at
),
gap_marked as (
  select company_id, user_id, at, duration,
    case when at - max(at + duration) over (partition by company_id, user_id order by at, duration rows between unbounded preceding and 1 preceding)
      < ${inactivityMilliseconds} then 0 else 1 end as starts
  from events where session_id is null
),
gap_numbered as (
  select company_id, user_id, at, duration,
    sum(starts) over (partition by company_id, user_id order by at, duration rows between unbounded preceding and current row) as session_number
  from gap_marked
),
timed_sessions as (
  select company_id, min(at) as started_at, max(at) - min(at) + (max(array[at, duration]))[2] as length
  from gap_numbered group by company_id, user_id, session_number
  union all
  select company_id, min(at), max(at) - min(at) + (max(array[at, duration]))[2]
  from events where session_id is not null group by company_id, user_id, session_id
),
all_sessions as (
  select company_id, (to_timestamp(started_at / 1000.0) at time zone ${timeZone})::date as start_day, length from timed_sessions
)`;
}
