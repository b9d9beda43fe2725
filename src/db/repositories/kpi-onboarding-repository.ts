import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { beforeTrackingActor } from '../../domain/lifecycle/onboarding';
import type { Executor } from '../client';
import { companyGroups, groupKeyColumn, periodsValues, withKpiPlannerSettings, type KpiQuery } from './kpi-query-parts';
import { integerColumn, queryRows } from './query-rows';

/** The onboarding cohort of a period (hand-offs in it) and how it completed, as known on `asOf`. */
export type OnboardingKpiAggregates = {
  period: string;
  group: string | null;
  cohortSize: number;
  completedWithinTarget: number;
  /** The middle days-to-complete of the completed members, or the sum of the two middle ones, and how many (0-2). */
  medianDaysSum: number;
  medianMembers: number;
};

const onboardingRowSchema = z.object({
  label: z.string(),
  group_key: groupKeyColumn,
  cohort_size: integerColumn,
  completed_within_target: integerColumn,
  median_days_sum: integerColumn,
  median_members: integerColumn,
});

/**
 * Onboarding completion (domain §3) from the product's onboarding records, those the app tracked from their hand-off
 * (not those opened with milestones already due, `beforeTrackingActor`): a record completes on the day
 * its last required milestone was done (the hand-off day without required milestones), once all are done
 * by `asOf` (days in the portal's time zone); days to complete never go below 0.
 */
export async function onboardingKpiAggregates(
  db: Executor,
  query: KpiQuery,
  asOf: string,
  targetDays: number,
): Promise<OnboardingKpiAggregates[]> {
  const { portalId, timeZone, periods, cut } = query;
  const firstDay = periods.reduce(
    (earliest, period) => (period.firstDay < earliest ? period.firstDay : earliest),
    periods[0]?.firstDay ?? '',
  );
  const lastDay = periods.reduce((latest, period) => (period.lastDay > latest ? period.lastDay : latest), '');
  const grouped = cut !== null;
  const groupJoin = grouped ? sql`left join (${companyGroups(portalId, cut)}) g on g.company_id = r.company_id` : sql``;
  const groupKey = grouped ? sql`g.group_key` : sql`null::text`;
  const rows = await withKpiPlannerSettings(db, (executor) =>
    queryRows(
      executor,
      sql`with periods as (${periodsValues(periods)}),
milestones as (
  select company_id, required, (done_at at time zone ${timeZone})::date as done_on,
    done_by is not distinct from ${beforeTrackingActor} as before_tracking
  from onboarding_milestones where portal_id = ${portalId}
),
records as (
  select o.company_id, o.handoff_date,
    case when bool_and(m.done_on is not null and m.done_on <= ${asOf}::date) filter (where m.required) is not false
      then greatest(coalesce(max(m.done_on) filter (where m.required), o.handoff_date) - o.handoff_date, 0) end as days
  from onboarding_records o left join milestones m on m.company_id = o.company_id
  where o.portal_id = ${portalId} and o.handoff_date between ${firstDay}::date and ${lastDay}::date
  group by o.company_id, o.handoff_date
  -- An onboarding the app opened after some milestones were due was not observed: it is in no cohort.
  having not coalesce(bool_or(m.before_tracking), false)
),
members as (
  select p.label, ${groupKey} as group_key, r.days,
    row_number() over (partition by p.label, ${groupKey}, r.days is null order by r.days) as position,
    count(*) over (partition by p.label, ${groupKey}, r.days is null) as peers
  from records r join periods p on r.handoff_date between p.first_day and p.last_day ${groupJoin}
)
select label, group_key, count(*) as cohort_size, count(*) filter (where days <= ${targetDays}) as completed_within_target,
  sum(days) filter (where days is not null and position between (peers + 1) / 2 and peers / 2 + 1) as median_days_sum,
  count(*) filter (where days is not null and position between (peers + 1) / 2 and peers / 2 + 1) as median_members
from members group by 1, 2`,
      onboardingRowSchema,
    ),
  );
  return rows.map((row) => ({
    period: row.label,
    group: row.group_key,
    cohortSize: row.cohort_size,
    completedWithinTarget: row.completed_within_target,
    medianDaysSum: row.median_days_sum,
    medianMembers: row.median_members,
  }));
}
