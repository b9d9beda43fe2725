import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { beforeTrackingActor } from '../../domain/lifecycle/onboarding';
import type { Executor } from '../client';
import { integerColumn, queryRows } from './query-rows';

const bandColumn = z.enum(['red', 'yellow', 'green']);
const stageColumn = z.enum(['introduction', 'operation', 'adoption', 'established']).nullable();

/** The newest day with scores within each [firstDay, lastDay]; a range without scores is left out. */
export async function lastScoreDayPerRange(
  db: Executor,
  portalId: number,
  ranges: ReadonlyArray<{ readonly firstDay: string; readonly lastDay: string }>,
): Promise<Array<string | null>> {
  // One index probe per range: a year of daily scores for every company is far too many rows to group.
  return Promise.all(
    ranges.map(async ({ firstDay, lastDay }) => {
      const [row] = await queryRows(
        db,
        sql`select max(score_date)::text as day from health_scores where portal_id = ${portalId} and score_date between ${firstDay}::date and ${lastDay}::date`,
        z.object({ day: z.string().nullable() }),
      );
      return row?.day ?? null;
    }),
  );
}

export interface BandCountRow {
  readonly scoreDate: string;
  readonly band: 'red' | 'yellow' | 'green';
  readonly companies: number;
}

export async function countBandsOn(db: Executor, portalId: number, days: readonly string[]): Promise<BandCountRow[]> {
  if (days.length === 0) return [];
  const rows = await queryRows(
    db,
    sql`select score_date::text as score_date, band, count(*) as companies from health_scores
      where portal_id = ${portalId} and score_date in (${sql.join(
        days.map((day) => sql`${day}::date`),
        sql`, `,
      )})
      group by score_date, band`,
    z.object({ score_date: z.string(), band: bandColumn, companies: integerColumn }),
  );
  return rows.map((row) => ({ scoreDate: row.score_date, band: row.band, companies: row.companies }));
}

export interface OnboardingStageRow {
  readonly companyId: string;
  readonly handoffDate: string | null;
  /** The stage on the scoring day (manual stage included); null without a score that day. */
  readonly stage: 'introduction' | 'operation' | 'adoption' | 'established' | null;
  /** Whether a contract of the company is running on `asOf` or starts later: a customer now or soon, not a former one. */
  readonly contractAhead: boolean;
}

/** Every company with an onboarding record or a score on `scoredOn`, with its hand-off day and stage. */
export async function listOnboardingStages(
  db: Executor,
  portalId: number,
  scoredOn: string | null,
  asOf: string,
): Promise<OnboardingStageRow[]> {
  const rows = await queryRows(
    db,
    sql`select s.company_id, s.handoff_date, s.stage,
        exists (select 1 from contracts k where k.portal_id = ${portalId} and k.company_id = s.company_id
          and k.end_date > ${asOf}::date) as contract_ahead
      from (select coalesce(o.company_id, h.company_id) as company_id, o.handoff_date::text as handoff_date, h.stage
        from (select company_id, handoff_date from onboarding_records where portal_id = ${portalId}) o
        full join (select company_id, stage from health_scores where portal_id = ${portalId} and score_date = ${scoredOn}::date) h
          on h.company_id = o.company_id) s`,
    z.object({
      company_id: z.string(),
      handoff_date: z.string().nullable(),
      stage: stageColumn,
      contract_ahead: z.boolean(),
    }),
  );
  return rows.map((row) => ({
    companyId: row.company_id,
    handoffDate: row.handoff_date,
    stage: row.stage,
    contractAhead: row.contract_ahead,
  }));
}

export interface OnboardingMilestoneState {
  readonly companyId: string;
  readonly handoffDate: string;
  readonly key: string;
  readonly label: string;
  readonly required: boolean;
  readonly dueDate: string;
  /** The completion day in the portal's time zone. */
  readonly doneDate: string | null;
  readonly doneBy: string | null;
}

/** Every onboarding's milestones, completion days in the portal's time zone; records without milestones appear once with a null key. */
export async function listOnboardingMilestones(
  db: Executor,
  portalId: number,
  timeZone: string,
): Promise<OnboardingMilestoneState[]> {
  const rows = await queryRows(
    db,
    sql`select o.company_id, o.handoff_date::text as handoff_date, m.key, m.label, m.required, m.due_date::text as due_date,
        to_char(m.done_at at time zone ${timeZone}, 'YYYY-MM-DD') as done_date, m.done_by
      from onboarding_records o
      left join onboarding_milestones m on m.portal_id = o.portal_id and m.company_id = o.company_id
      where o.portal_id = ${portalId}
      order by o.company_id, m.position, m.key`,
    z.object({
      company_id: z.string(),
      handoff_date: z.string(),
      key: z.string().nullable(),
      label: z.string().nullable(),
      required: z.boolean().nullable(),
      due_date: z.string().nullable(),
      done_date: z.string().nullable(),
      done_by: z.string().nullable(),
    }),
  );
  return rows.map((row) => ({
    companyId: row.company_id,
    handoffDate: row.handoff_date,
    key: row.key ?? '',
    label: row.label ?? '',
    required: row.required ?? false,
    dueDate: row.due_date ?? row.handoff_date,
    doneDate: row.done_date,
    doneBy: row.done_by,
  }));
}

export interface TeamActivity {
  readonly alertedCompanies: number;
  readonly actedOn: number;
  readonly stagesSet: number;
  readonly milestonesCompleted: number;
  readonly suggestionsDismissed: number;
  readonly dealsFromSuggestions: number;
  readonly surveyedCustomers: number;
}

/**
 * What the team did between `firstDay` and `lastDay` (portal days): alerted companies and how many a CSM
 * acted on within `actionDays` of the first alert (a company alerted more recently counts once acted on),
 * the actions by kind, and the customers who answered a survey.
 * Milestones completed from usage are the product's work and those the demo seeds nobody's, so both are left out.
 */
export async function loadTeamActivity(
  db: Executor,
  portalId: number,
  firstDay: string,
  lastDay: string,
  timeZone: string,
  /** Days after a company's first alert within which an action counts as acting on it. */
  actionDays: number,
): Promise<TeamActivity> {
  const rows = await queryRows(
    db,
    sql`with first_alerts as (
        select company_id, min(score_date) as first_alert from health_scores
        where portal_id = ${portalId} and score_date between ${firstDay}::date and ${lastDay}::date and jsonb_array_length(alerts) > 0
        group by company_id
      ), actions as (
        select company_id, (manual_stage_set_at at time zone ${timeZone})::date as acted_on, 'stage' as kind
          from onboarding_records where portal_id = ${portalId} and manual_stage_set_at is not null
        union all
        select company_id, (done_at at time zone ${timeZone})::date, 'milestone'
          from onboarding_milestones where portal_id = ${portalId} and done_at is not null and (done_by is null or done_by not in ('usage', 'demo', ${beforeTrackingActor}))
        union all
        select company_id, (dismissed_at at time zone ${timeZone})::date, 'dismissal' from dismissed_suggestions where portal_id = ${portalId}
        union all
        select company_id, (created_at at time zone ${timeZone})::date, case when action = 'create_suggested_deal' and result_id is not null then 'deal' else 'card' end
          from card_actions where portal_id = ${portalId}
      ), in_window as (
        select * from actions where acted_on between ${firstDay}::date and ${lastDay}::date
      ), alerted as (
        select f.company_id, f.first_alert, exists (select 1 from actions x where x.company_id = f.company_id
          and x.acted_on between f.first_alert and f.first_alert + ${actionDays}::int and x.acted_on <= ${lastDay}::date) as acted
        from first_alerts f
      )
      select
        (select count(*) from alerted a where a.first_alert + ${actionDays}::int <= ${lastDay}::date or a.acted) as alerted_companies,
        (select count(*) from alerted a where a.acted) as acted_on,
        (select count(*) from in_window where kind = 'stage') as stages_set,
        (select count(*) from in_window where kind = 'milestone') as milestones_completed,
        (select count(*) from in_window where kind = 'dismissal') as suggestions_dismissed,
        (select count(*) from in_window where kind = 'deal') as deals_from_suggestions,
        (select count(distinct s.company_id) from survey_responses s
          where s.portal_id = ${portalId}
            and (s.submitted_at at time zone ${timeZone})::date between ${firstDay}::date and ${lastDay}::date
            -- customers on the last day: MRR > 0 (domain §1.1, contracts/customer-status)
            and s.company_id in (select c.company_id from contracts c where c.portal_id = ${portalId}
              and c.start_date <= ${lastDay}::date and ${lastDay}::date < c.end_date group by c.company_id having sum(c.mrr_minor) > 0)) as surveyed_customers`,
    z.object({
      alerted_companies: integerColumn,
      acted_on: integerColumn,
      stages_set: integerColumn,
      milestones_completed: integerColumn,
      suggestions_dismissed: integerColumn,
      deals_from_suggestions: integerColumn,
      surveyed_customers: integerColumn,
    }),
  );
  const [row] = rows;
  if (!row) throw new Error('the team activity query returned no row');
  return {
    alertedCompanies: row.alerted_companies,
    actedOn: row.acted_on,
    stagesSet: row.stages_set,
    milestonesCompleted: row.milestones_completed,
    suggestionsDismissed: row.suggestions_dismissed,
    dealsFromSuggestions: row.deals_from_suggestions,
    surveyedCustomers: row.surveyed_customers,
  };
}

/** Owner id -> display name ("First Last", else the email), for the owner cut and the alert list. */
export async function ownerNames(db: Executor, portalId: number): Promise<Map<string, string>> {
  const rows = await queryRows(
    db,
    sql`select id, trim(concat_ws(' ', first_name, last_name)) as name, email from owners where portal_id = ${portalId}`,
    z.object({ id: z.string(), name: z.string().nullable(), email: z.string().nullable() }),
  );
  return new Map(rows.map((row) => [row.id, row.name || row.email || `Owner ${row.id}`]));
}
