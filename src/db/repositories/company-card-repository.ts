import { and, asc, eq, gte, lt, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../client';
import { usageEvents } from '../schema';
import {
  healthHistoryJson,
  openPlaybookRunsJson,
  type CardHealthDay,
  type CardPlaybookRun,
} from './company-card-parts';
import { companyCsmName, csmAssignmentJoin, csmOwnerJoin } from './csm-assignments-repository';
import type { StoredContract } from './contracts-repository';
import type { DismissalRow } from './customer-success-dismissals-repository';
import type { StoredHealthScore } from './customer-success-health-repository';
import type { OnboardingMilestoneRow, OnboardingRecordRow } from './customer-success-onboarding-repository';

export interface CardUsageEventRow {
  readonly userId: string;
  readonly event: string;
  readonly occurredAt: Date;
  readonly sessionId: string | null;
  readonly durationSeconds: number | null;
}

/** A company's events in [from, to), through the (portal, company, time) index. */
export async function listCompanyUsageEvents(
  db: Executor,
  portalId: number,
  companyId: string,
  from: Date,
  to: Date,
): Promise<CardUsageEventRow[]> {
  return db
    .select({
      userId: usageEvents.userId,
      event: usageEvents.event,
      occurredAt: usageEvents.occurredAt,
      sessionId: usageEvents.sessionId,
      durationSeconds: usageEvents.durationSeconds,
    })
    .from(usageEvents)
    .where(
      and(
        eq(usageEvents.portalId, portalId),
        eq(usageEvents.companyId, companyId),
        gte(usageEvents.occurredAt, from),
        lt(usageEvents.occurredAt, to),
      ),
    )
    .orderBy(asc(usageEvents.occurredAt));
}

export type CardContractRow = Pick<
  StoredContract,
  'dealId' | 'kind' | 'product' | 'mrrMinor' | 'startDate' | 'endDate' | 'seats'
> & {
  /** The deal's name in HubSpot; null when it has none. */
  readonly dealName: string | null;
};

/** Two adjacent windows of portal-local days: [previousFirstDay, currentFirstDay) and [currentFirstDay, lastDay]. */
export interface AdoptionWindowDays {
  readonly previousFirstDay: string;
  readonly currentFirstDay: string;
  readonly lastDay: string;
}

/** The days the card reads: the adoption windows, and the health trend's first day (its last is `lastDay`). */
export interface CardDays extends AdoptionWindowDays {
  readonly trendFirstDay: string;
}

export interface WindowPair<T> {
  readonly current: T;
  readonly previous: T;
}

/** From ingestion's daily aggregates and stored sessions, per window: distinct users, distinct features, sessions. */
export interface CardAdoptionRow {
  readonly activeUsers: WindowPair<number>;
  readonly features: WindowPair<number>;
  readonly sessions: WindowPair<{ readonly count: number; readonly totalMilliseconds: number }>;
  /** Whether any company of the portal had an active user in the two windows: a portal not yet sending usage has none. */
  readonly portalHasUsage: boolean;
}

export interface CardRows {
  readonly company: { readonly id: string; readonly name: string | null } | null;
  readonly contracts: CardContractRow[];
  readonly adoption: CardAdoptionRow;
  readonly score: Pick<StoredHealthScore, 'scoreDate' | 'adoptionSince' | 'explanation' | 'suggestions'> | null;
  readonly onboarding: Pick<
    OnboardingRecordRow,
    'handoffDate' | 'touchModel' | 'manualStage' | 'manualStageSetBy' | 'manualStageSetAt'
  > | null;
  /** The company's CSM (assigned at hand-off, else its owner) by name, else e-mail, else owner id; null: neither. */
  readonly csmName: string | null;
  readonly milestones: Array<
    Pick<OnboardingMilestoneRow, 'key' | 'label' | 'required' | 'dueDate' | 'doneAt' | 'doneBy'>
  >;
  readonly dismissals: Array<Pick<DismissalRow, 'kind' | 'product' | 'dismissedAt'>>;
  /** Suggestion id to the HubSpot deal created from it. */
  readonly createdDeals: Array<{ subject: string; resultId: string }>;
  /** The stored churn risk (risk job) with the reason its method was chosen; null before the first scoring. */
  readonly risk: {
    readonly asOf: string;
    readonly method: 'model' | 'health-score';
    readonly churnProbability: number | null;
    readonly drivers: unknown;
    readonly nextRenewalDate: string | null;
    readonly reason: string;
  } | null;
  /** The company's open deal marked as a renewal, the one closing first. */
  readonly renewalDeal: {
    readonly dealId: string;
    readonly name: string | null;
    readonly stage: string | null;
    readonly closeDate: string | null;
  } | null;
  /** The daily scores of the health trend, oldest first. */
  readonly healthHistory: CardHealthDay[];
  readonly playbookRuns: CardPlaybookRun[];
  /** Whether a live company names this one as its parent (the card then reads the group in a second statement). */
  readonly hasSubsidiaries: boolean;
}

const parameter = {
  portal: sql`${sql.placeholder('portalId')}::bigint`,
  company: sql`${sql.placeholder('companyId')}::text`,
  previousFirst: sql`${sql.placeholder('previousFirstDay')}::date`,
  currentFirst: sql`${sql.placeholder('currentFirstDay')}::date`,
  lastDay: sql`${sql.placeholder('lastDay')}::date`,
  trendFirst: sql`${sql.placeholder('trendFirstDay')}::date`,
};
const ofCompany = sql`portal_id = ${parameter.portal} and company_id = ${parameter.company}`;
const ofCompanyIn = (alias: string) =>
  sql`${sql.raw(alias)}.portal_id = ${parameter.portal} and ${sql.raw(alias)}.company_id = ${parameter.company}`;
const inWindows = (day: SQL) =>
  sql`${ofCompany} and ${day} >= ${parameter.previousFirst} and ${day} <= ${parameter.lastDay}`;
const inCurrent = (day: SQL) => sql`${day} >= ${parameter.currentFirst}`;
const inPrevious = (day: SQL) => sql`${day} < ${parameter.currentFirst}`;
const day = sql.raw('day');

function prepareCardStatement(db: Executor) {
  return db
    .select({
      company: sql<CardRows['company']>`(select json_build_object('id', c.id, 'name', c.name) from companies c
        where c.portal_id = ${parameter.portal} and c.id = ${parameter.company} and c.archived = false)`,
      contracts: sql<
        CardRows['contracts']
      >`(select coalesce(json_agg(json_build_object('dealId', k.deal_id, 'dealName', d.name, 'kind', k.kind,
          'product', k.product, 'mrrMinor', k.mrr_minor, 'startDate', k.start_date, 'endDate', k.end_date, 'seats', k.seats)
          order by k.start_date, k.deal_id), '[]'::json)
        from contracts k left join deals d on d.portal_id = k.portal_id and d.id = k.deal_id where ${ofCompanyIn('k')})`,
      activeUsers: sql<CardAdoptionRow['activeUsers']>`(select json_build_object(
          'current', count(distinct user_id) filter (where ${inCurrent(day)}), 'previous', count(distinct user_id) filter (where ${inPrevious(day)}))
        from usage_daily_active_users where ${inWindows(day)})`,
      features: sql<CardAdoptionRow['features']>`(select json_build_object(
          'current', count(distinct feature) filter (where ${inCurrent(day)}), 'previous', count(distinct feature) filter (where ${inPrevious(day)}))
        from usage_daily_features where ${inWindows(day)})`,
      // The daily session totals: a row per active day, however many sessions the company's users had.
      sessions: sql<CardAdoptionRow['sessions']>`(select json_build_object(
          'current', json_build_object('count', coalesce(sum(sessions) filter (where ${inCurrent(day)}), 0),
            'totalMilliseconds', coalesce(sum(length_milliseconds) filter (where ${inCurrent(day)}), 0)),
          'previous', json_build_object('count', coalesce(sum(sessions) filter (where ${inPrevious(day)}), 0),
            'totalMilliseconds', coalesce(sum(length_milliseconds) filter (where ${inPrevious(day)}), 0)))
        from usage_daily_session_totals where ${inWindows(day)})`,
      portalHasUsage: sql<boolean>`exists(select 1 from usage_daily_active_users u where u.portal_id = ${parameter.portal}
        and u.day >= ${parameter.previousFirst} and u.day <= ${parameter.lastDay})`,
      score: sql<CardRows['score']>`(select json_build_object('scoreDate', score_date, 'adoptionSince', adoption_since,
          'explanation', explanation, 'suggestions', suggestions)
        from health_scores where ${ofCompany} and score_date <= ${parameter.lastDay} order by score_date desc limit 1)`,
      onboarding: sql<
        CardRows['onboarding']
      >`(select json_build_object('handoffDate', handoff_date, 'touchModel', touch_model,
          'manualStage', manual_stage, 'manualStageSetBy', manual_stage_set_by, 'manualStageSetAt', manual_stage_set_at)
        from onboarding_records where ${ofCompany})`,
      csmName: sql<CardRows['csmName']>`(select ${companyCsmName}
        from companies c ${csmAssignmentJoin} ${csmOwnerJoin}
        where c.portal_id = ${parameter.portal} and c.id = ${parameter.company})`,
      milestones: sql<
        CardRows['milestones']
      >`(select coalesce(json_agg(json_build_object('key', key, 'label', label, 'required', required,
          'dueDate', due_date, 'doneAt', done_at, 'doneBy', done_by) order by position, key), '[]'::json)
        from onboarding_milestones where ${ofCompany})`,
      dismissals: sql<
        CardRows['dismissals']
      >`(select coalesce(json_agg(json_build_object('kind', kind, 'product', product,
          'dismissedAt', dismissed_at) order by dismissed_at), '[]'::json)
        from dismissed_suggestions where ${ofCompany})`,
      createdDeals: sql<
        CardRows['createdDeals']
      >`(select coalesce(json_agg(json_build_object('subject', subject, 'resultId', result_id)), '[]'::json)
        from card_actions where ${ofCompany} and action = 'create_suggested_deal' and result_id is not null)`,
      risk: sql<
        CardRows['risk']
      >`(select json_build_object('asOf', r.as_of, 'method', r.method, 'churnProbability', r.churn_probability,
          'drivers', r.drivers, 'nextRenewalDate', r.next_renewal_date, 'reason', m.reason)
        from company_risks r join risk_models m on m.portal_id = r.portal_id where ${ofCompanyIn('r')})`,
      renewalDeal: sql<
        CardRows['renewalDeal']
      >`(select json_build_object('dealId', d.id, 'name', d.name, 'stage', s.label,
          'closeDate', (d.close_date at time zone coalesce(p.time_zone, 'UTC'))::date)
        from deal_companies dc join deals d on d.portal_id = dc.portal_id and d.id = dc.deal_id
        left join portals p on p.id = d.portal_id
        left join pipeline_stages s on s.portal_id = d.portal_id and s.object_type = 'deals' and s.pipeline_id = d.pipeline_id and s.id = d.stage_id
        where ${ofCompanyIn('dc')} and not d.archived and d.properties->>'cs_deal_kind' = 'renewal' and not coalesce(s.is_closed, false)
        order by d.close_date nulls last, d.id limit 1)`,
      healthHistory: sql<
        CardRows['healthHistory']
      >`${healthHistoryJson(parameter.portal, parameter.company, parameter.trendFirst, parameter.lastDay)}`,
      playbookRuns: sql<CardRows['playbookRuns']>`${openPlaybookRunsJson(parameter.portal, parameter.company)}`,
      hasSubsidiaries: sql<boolean>`exists(select 1 from companies child where child.portal_id = ${parameter.portal}
        and not child.archived and child.properties->>'hs_parent_company_id' = ${parameter.company})`,
    })
    .from(sql`(select 1) as card`)
    .prepare('company_card_rows');
}

// A named statement: Postgres plans its lookups once per connection instead of on every request.
const preparedStatements = new WeakMap<Executor, ReturnType<typeof prepareCardStatement>>();

/**
 * Everything the card shows about one company, in one statement: each part is an indexed lookup by
 * (portal, company) rendered as JSON, so the card costs one round trip whatever the portfolio's size.
 */
export async function loadCardRows(
  db: Executor,
  portalId: number,
  companyId: string,
  days: CardDays,
): Promise<CardRows> {
  let statement = preparedStatements.get(db);
  if (!statement) {
    statement = prepareCardStatement(db);
    preparedStatements.set(db, statement);
  }
  const [row] = await statement.execute({ portalId, companyId, ...days });
  if (!row) throw new Error('The card statement returned no row');
  const { activeUsers, features, sessions, portalHasUsage, ...rest } = row;
  return { ...rest, adoption: { activeUsers, features, sessions, portalHasUsage } };
}
