import { sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Executor } from '../client';
import { withoutNestedLoops } from './analytic-query';
import { inCompanyRange, splitIntoCompanyRanges, type CompanyRange } from './company-ranges';
import type { InputWindow } from './customer-success-input-window';
import { usageFromAggregates } from './customer-success-usage-aggregates';
import { integerColumn, jsonColumn, nullableIntegerColumn, nullableNumberColumn, numberRecord } from './query-rows';

export interface HealthInputRow {
  companyId: string;
  tier: string | null;
  mrrMinor: number;
  mrrMinor90DaysAgo: number;
  seats: number | null;
  daysToRenewal: number | null;
  ownedProducts: Array<{ product: string; seats: number | null; mrrMinor: number }>;
  activeUsers: number;
  previousActiveUsers: number;
  minutesPerActiveUser: number | null;
  baselineMinutesPerActiveUser: number | null;
  featureUsers: Record<string, number>;
  latestNps: { score: number; submittedOn: string } | null;
  latestCsat: { score: number; submittedOn: string } | null;
  onboarding: {
    handoffDate: string;
    touchModel: string;
    manualStage: string | null;
    manualStageSetBy: string | null;
    manualStageSetAt: string | null;
    milestones: Array<{ key: string; label: string; required: boolean; dueDate: string; doneDate: string | null }>;
  } | null;
}

export type { InputWindow } from './customer-success-input-window';

const ownedProduct = z.object({ product: z.string(), seats: z.number().nullable(), mrrMinor: z.number() });
const milestone = z.object({
  key: z.string(),
  label: z.string(),
  required: z.boolean(),
  dueDate: z.string(),
  doneDate: z.string().nullable(),
});
const textOrNull = z.string().nullable();

const healthInputRowSchema = z
  .object({
    company_id: z.string(),
    tier: textOrNull,
    mrr_minor: integerColumn,
    mrr_minor_90: integerColumn,
    seats: nullableIntegerColumn,
    days_to_renewal: nullableIntegerColumn,
    owned_products: jsonColumn(z.array(ownedProduct).nullable()),
    active_users: integerColumn,
    previous_active_users: integerColumn,
    minutes_per_user: nullableNumberColumn,
    baseline_minutes_per_user: nullableNumberColumn,
    feature_users: jsonColumn(numberRecord.nullable()),
    nps_score: nullableNumberColumn,
    nps_on: textOrNull,
    csat_score: nullableNumberColumn,
    csat_on: textOrNull,
    handoff_date: textOrNull,
    touch_model: textOrNull,
    manual_stage: textOrNull,
    manual_stage_set_by: textOrNull,
    manual_stage_set_at: z.union([z.date(), z.string()]).nullable(),
    milestones: jsonColumn(z.array(milestone).nullable()),
  })
  .transform((row): HealthInputRow => ({
    companyId: row.company_id,
    tier: row.tier,
    mrrMinor: row.mrr_minor,
    mrrMinor90DaysAgo: row.mrr_minor_90,
    seats: row.seats,
    daysToRenewal: row.days_to_renewal,
    ownedProducts: row.owned_products ?? [],
    activeUsers: row.active_users,
    previousActiveUsers: row.previous_active_users,
    minutesPerActiveUser: row.minutes_per_user,
    baselineMinutesPerActiveUser: row.baseline_minutes_per_user,
    featureUsers: row.feature_users ?? {},
    latestNps: row.nps_score === null ? null : { score: row.nps_score, submittedOn: String(row.nps_on) },
    latestCsat: row.csat_score === null ? null : { score: row.csat_score, submittedOn: String(row.csat_on) },
    onboarding:
      row.handoff_date === null
        ? null
        : {
            handoffDate: row.handoff_date,
            touchModel: String(row.touch_model),
            manualStage: row.manual_stage,
            manualStageSetBy: row.manual_stage_set_by,
            manualStageSetAt: row.manual_stage_set_at === null ? null : new Date(row.manual_stage_set_at).toISOString(),
            milestones: row.milestones ?? [],
          },
  }));

/**
 * The reference reading of usage from raw events (kept for the differential test and the bench): usage is
 * scanned once over 120 days, split into 30-day buckets (0 = the last 30 days, 1-3 = the baseline before it),
 * sessions rebuilt at the inactivity gap. Defines the CTEs `usage` and `features`.
 */
function usageFromEvents(window: InputWindow, eventFilter: SQL): SQL {
  const { portalId, asOf, timeZone } = window;
  const startOf = (daysBefore: number) =>
    sql`((${asOf}::date - ${daysBefore}::int)::timestamp at time zone ${timeZone})`;
  const [t120, t90, t60, t30, tEnd] = [startOf(119), startOf(89), startOf(59), startOf(29), startOf(-1)];
  const gap = `${window.sessionGapMinutes} minutes`;
  return sql`
    events as (
      -- Byte-order collation: these keys are only grouped and sorted, never shown, and C sorts several times faster.
      -- No join with the customers or the bounds: the planner would guess a few hundred rows and sort
      -- where hashing is right; usage of companies that are not customers is dropped by the final join.
      select e.company_id collate "C" as company_id, e.user_id collate "C" as user_id, e.event collate "C" as event,
        e.occurred_at, e.session_id collate "C" as session_id, e.duration_seconds,
        case when e.occurred_at >= ${t30} then 0 when e.occurred_at >= ${t60} then 1 when e.occurred_at >= ${t90} then 2 else 3 end as bucket
      from usage_events e
      where e.portal_id = ${portalId} and e.occurred_at >= ${t120} and e.occurred_at < ${tEnd} and ${eventFilter}
    ), loose as (
      select company_id, user_id, occurred_at, duration_seconds,
        case when lag(occurred_at) over w is null or occurred_at - lag(occurred_at) over w > ${gap}::interval then 1 else 0 end as starts
      from events where session_id is null or not ${window.useSessionIds}
      window w as (partition by company_id, user_id order by occurred_at)
    ), sessions as (
      -- The last event's duration is the second element of the greatest (time, duration) pair: a plain
      -- aggregate, so the groups hash instead of sorting every event as an ordered aggregate would.
      select company_id, min(occurred_at) as started,
        extract(epoch from max(occurred_at) - min(occurred_at)) + (max(array[date_part('epoch', occurred_at), coalesce(duration_seconds, 0)]))[2]::integer as seconds
      from events where session_id is not null and ${window.useSessionIds} group by company_id, user_id, session_id
      union all
      select company_id, min(occurred_at), extract(epoch from max(occurred_at) - min(occurred_at)) + (max(array[date_part('epoch', occurred_at), coalesce(duration_seconds, 0)]))[2]::integer
      from (select *, sum(starts) over (partition by company_id, user_id order by occurred_at rows unbounded preceding) as number from loose) numbered
      group by company_id, user_id, number
    ), session_buckets as (
      select s.company_id,
        case when s.started >= b.t30 then 0 when s.started >= b.t60 then 1 when s.started >= b.t90 then 2 else 3 end as bucket,
        sum(s.seconds) / 60.0 as minutes
      from sessions s cross join bounds b group by 1, 2
    ), user_buckets as (
      -- Distinct pairs first, then a count: both hash, where count(distinct) would sort.
      select company_id, bucket, count(*) as users from (select distinct company_id, bucket, user_id from events) d group by company_id, bucket
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
      from (select company_id, event, count(*) as users from (select distinct company_id, event, user_id from events where bucket = 0) d group by company_id, event) f
      group by company_id
    )`;
}

/**
 * Everything the health score, stage and suggestions need for every customer of a portal on
 * `asOf`, in one statement per partition: usage is scanned once over 120 days, split into 30-day buckets
 * (0 = the last 30 days, 1-3 = the 90-day baseline before it).
 */
export function healthInputQuery(window: InputWindow, range: CompanyRange = { from: null, to: null }): SQL {
  const { portalId, asOf, timeZone } = window;
  const filterOn = (column: SQL) => {
    const inPartition = inCompanyRange(column, range);
    if (window.companyIds === undefined) return inPartition;
    return sql`${inPartition} and ${column} in (${sql.join(
      window.companyIds.map((id) => sql`${id}`),
      sql`, `,
    )})`;
  };
  const companyFilter = filterOn(sql`a.company_id`);
  const usage =
    window.usageSource === 'events'
      ? usageFromEvents(window, filterOn(sql`e.company_id`))
      : usageFromAggregates(window, filterOn);
  return sql`
    with bounds as (
      select ((${asOf}::date - 119)::timestamp at time zone ${timeZone}) as t120,
             ((${asOf}::date - 89)::timestamp at time zone ${timeZone}) as t90,
             ((${asOf}::date - 59)::timestamp at time zone ${timeZone}) as t60,
             ((${asOf}::date - 29)::timestamp at time zone ${timeZone}) as t30,
             ((${asOf}::date + 1)::timestamp at time zone ${timeZone}) as t_end
    ), active as (
      select a.company_id, a.product, a.mrr_minor, a.seats, a.end_date from contracts a
      where a.portal_id = ${portalId} and a.start_date <= ${asOf}::date and a.end_date > ${asOf}::date and ${companyFilter}
    ), customers as (
      select company_id, sum(mrr_minor) as mrr_minor,
        sum(seats) filter (where product = ${window.coreProductId}) as seats
      from active group by company_id having sum(mrr_minor) > 0
    ), owned as (
      select company_id, json_agg(json_build_object('product', product, 'seats', seats, 'mrrMinor', mrr_minor) order by product) as owned_products
      from (select company_id, product, sum(seats)::int as seats, sum(mrr_minor)::bigint as mrr_minor from active group by company_id, product) p
      group by company_id
    ), renewal as (
      select a.company_id, min(a.end_date) - ${asOf}::date as days_to_renewal from active a
      where not exists (select 1 from contracts b where b.portal_id = ${portalId} and b.company_id = a.company_id
        and b.product = a.product and b.start_date = a.end_date)
      group by a.company_id
    ), earlier as (
      select c.company_id, sum(c.mrr_minor) as mrr_minor_90 from contracts c join customers using (company_id)
      where c.portal_id = ${portalId} and c.start_date <= ${asOf}::date - 90 and c.end_date > ${asOf}::date - 90
      group by c.company_id
    ), ${usage}, surveys as (
      select distinct on (r.company_id, r.kind) r.company_id, r.kind, r.score, (r.submitted_at at time zone ${timeZone})::date::text as submitted_on
      from survey_responses r cross join bounds b join customers c on c.company_id = r.company_id
      where r.portal_id = ${portalId} and r.submitted_at < b.t_end and ${filterOn(sql`r.company_id`)}
      order by r.company_id, r.kind, r.submitted_at desc
    ), milestones as (
      select m.company_id, json_agg(json_build_object('key', m.key, 'label', m.label, 'required', m.required, 'dueDate', m.due_date::text,
        'doneDate', case when m.done_at < b.t_end then (m.done_at at time zone ${timeZone})::date::text end) order by m.position, m.key) as milestones
      from onboarding_milestones m cross join bounds b join customers c on c.company_id = m.company_id
      where m.portal_id = ${portalId} and ${filterOn(sql`m.company_id`)} group by m.company_id
    )
    select c.company_id, co.tier, c.mrr_minor, coalesce(er.mrr_minor_90, 0) as mrr_minor_90, c.seats, r.days_to_renewal, o.owned_products,
      u.active_users, u.previous_active_users, u.minutes_per_user, u.baseline_minutes_per_user, f.feature_users,
      nps.score as nps_score, nps.submitted_on as nps_on, csat.score as csat_score, csat.submitted_on as csat_on,
      ob.handoff_date::text as handoff_date, ob.touch_model, ob.manual_stage, ob.manual_stage_set_by, ob.manual_stage_set_at, ms.milestones
    from customers c
    left join companies co on co.portal_id = ${portalId} and co.id = c.company_id
    left join owned o using (company_id)
    left join renewal r using (company_id)
    left join earlier er using (company_id)
    left join usage u using (company_id)
    left join features f using (company_id)
    left join surveys nps on nps.company_id = c.company_id and nps.kind = 'nps'
    left join surveys csat on csat.company_id = c.company_id and csat.kind = 'csat'
    left join onboarding_records ob on ob.portal_id = ${portalId} and ob.company_id = c.company_id
    left join milestones ms on ms.company_id = c.company_id
    order by c.company_id`;
}

/** Splits the portal's customers on `asOf` into `parts` ranges of company ids with about as many customers each. */
export async function companyRanges(
  db: Executor,
  window: Pick<InputWindow, 'portalId' | 'asOf'>,
  parts: number,
): Promise<CompanyRange[]> {
  return splitIntoCompanyRanges(db, companiesUnderContractSql(window.portalId, window.asOf), parts);
}

/**
 * The ids of the portal's companies with a contract running on `asOf` (one row per contract): every customer the day
 * scores, and those whose contracts add up to nothing.
 */
export function companiesUnderContractSql(portalId: number, asOf: string): SQL {
  return sql`select company_id from contracts
    where portal_id = ${portalId} and start_date <= ${asOf}::date and end_date > ${asOf}::date`;
}

export async function loadHealthInputRows(db: Executor, window: InputWindow): Promise<HealthInputRow[]> {
  const ranges = await companyRanges(db, window, Math.max(1, window.parallelStatements ?? 1));
  // Split by range, the statements are the parallelism: with parallel workers as well (the stored sessions' scan took
  // three processes in each), the 100k bench's inputs took 8.7 to 10.8 s and 16 to 20 s of CPU, without 7.4 to 8.7 s
  // and 13 to 16 s (alternated).
  const results = await Promise.all(
    ranges.map((range) =>
      withoutNestedLoops(db, healthInputQuery(window, range), healthInputRowSchema, {
        parallelWorkers: ranges.length === 1,
      }),
    ),
  );
  // Ranges come in company order, as each statement's rows do.
  return results.flat();
}
