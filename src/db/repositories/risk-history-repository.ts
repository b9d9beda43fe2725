import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { CompanyHistory, Milestone, SurveyAnswer, UsageDay } from '../../domain/risk/company-history';
import type { Executor } from '../client';
import { contractRow, toContract } from './company-contracts-repository';
import { integerColumn, queryRows } from './query-rows';

const dateColumn = z
  .union([z.string(), z.date()])
  .transform((value) => (typeof value === 'string' ? value.slice(0, 10) : value.toISOString().slice(0, 10)));
const textArray = z
  .union([z.array(z.string()), z.string()])
  .transform((value) => (typeof value === 'string' ? (JSON.parse(value) as unknown) : value))
  .pipe(z.array(z.string()));

const usageRow = z.object({
  company_id: z.string(),
  day: dateColumn,
  users: textArray,
  features: textArray,
  minutes: z.coerce.number(),
});
const surveyRow = z.object({
  company_id: z.string(),
  kind: z.enum(['nps', 'csat']),
  score: integerColumn,
  submitted_on: dateColumn,
});
const milestoneRow = z.object({
  company_id: z.string(),
  handoff_date: dateColumn,
  due_date: dateColumn.nullable(),
  done_on: dateColumn.nullable(),
  required: z.boolean().nullable(),
});
const healthRow = z.object({ company_id: z.string(), score_date: dateColumn, score: integerColumn });

function grouped<Row extends { company_id: string }>(rows: readonly Row[]): Map<string, Row[]> {
  const groups = new Map<string, Row[]>();
  for (const row of rows) groups.set(row.company_id, [...(groups.get(row.company_id) ?? []), row]);
  return groups;
}

/**
 * Each company's dated history as the product stores it (contracts, daily usage, survey answers,
 * onboarding, health scores), for features as of any past date. Dates of instants are the portal's days.
 */
export async function loadCompanyHistories(
  db: Executor,
  portalId: number,
  companyIds?: readonly string[],
): Promise<CompanyHistory[]> {
  const only = (column: string) =>
    companyIds === undefined
      ? sql``
      : sql`and ${sql.raw(column)} in (${sql.join(
          companyIds.map((id) => sql`${id}`),
          sql`, `,
        )})`;
  if (companyIds !== undefined && companyIds.length === 0) return [];
  const zone = sql`coalesce((select time_zone from portals where id = ${portalId}), 'UTC')`;
  const contracts = await queryRows(
    db,
    sql`select deal_id, company_id, kind, product, mrr_minor, start_date::text, end_date::text, close_date::text, seats
    from contracts where portal_id = ${portalId} ${only('company_id')} order by company_id, start_date, deal_id`,
    contractRow,
  );
  const usage = await queryRows(
    db,
    sql`select coalesce(u.company_id, f.company_id, s.company_id) as company_id, coalesce(u.day, f.day, s.day)::text as day,
      coalesce(u.users, '{}') as users, coalesce(f.features, '{}') as features, coalesce(s.minutes, 0) as minutes
    from (select company_id, day, array_agg(user_id order by user_id) as users from usage_daily_active_users where portal_id = ${portalId} ${only('company_id')} group by company_id, day) u
    full join (select company_id, day, array_agg(feature order by feature) as features from usage_daily_features where portal_id = ${portalId} ${only('company_id')} group by company_id, day) f
      on f.company_id = u.company_id and f.day = u.day
    full join (select company_id, start_day as day, sum(length_milliseconds) / 60000.0 as minutes from usage_sessions where portal_id = ${portalId} ${only('company_id')} group by company_id, start_day) s
      on s.company_id = coalesce(u.company_id, f.company_id) and s.day = coalesce(u.day, f.day)
    order by 1, 2`,
    usageRow,
  );
  const surveys = await queryRows(
    db,
    sql`select company_id, kind, score, (submitted_at at time zone ${zone})::date::text as submitted_on
    from survey_responses where portal_id = ${portalId} ${only('company_id')} order by company_id, submitted_at`,
    surveyRow,
  );
  const milestones = await queryRows(
    db,
    sql`select r.company_id, r.handoff_date::text, m.due_date::text, (m.done_at at time zone ${zone})::date::text as done_on, m.required
    from onboarding_records r left join onboarding_milestones m on m.portal_id = r.portal_id and m.company_id = r.company_id
    where r.portal_id = ${portalId} ${only('r.company_id')} order by r.company_id, m.position`,
    milestoneRow,
  );
  const health = await queryRows(
    db,
    sql`select company_id, score_date::text, score from health_scores where portal_id = ${portalId} ${only('company_id')} order by company_id, score_date`,
    healthRow,
  );

  const usageByCompany = grouped(usage);
  const surveysByCompany = grouped(surveys);
  const milestonesByCompany = grouped(milestones);
  const healthByCompany = grouped(health);
  return [...grouped(contracts).entries()].map(([companyId, rows]): CompanyHistory => {
    const onboarding = milestonesByCompany.get(companyId) ?? [];
    return {
      companyId,
      contracts: rows.map(toContract),
      usageDays: (usageByCompany.get(companyId) ?? []).map((row): UsageDay => ({
        day: row.day,
        users: row.users,
        features: row.features,
        sessionMinutes: row.minutes,
      })),
      surveys: (surveysByCompany.get(companyId) ?? []).map((row): SurveyAnswer => ({
        kind: row.kind,
        score: row.score,
        submittedOn: row.submitted_on,
      })),
      handoffDate: onboarding[0]?.handoff_date ?? null,
      milestones: onboarding.flatMap((row): Milestone[] =>
        row.due_date === null ? [] : [{ dueDate: row.due_date, doneOn: row.done_on, required: row.required ?? true }],
      ),
      healthScores: (healthByCompany.get(companyId) ?? []).map((row) => ({ day: row.score_date, score: row.score })),
    };
  });
}

const openDealRow = z.object({
  company_id: z.string(),
  deal_id: z.string(),
  name: z.string().nullable(),
  stage: z.string().nullable(),
  close_date: dateColumn.nullable(),
});
export type OpenRenewalDeal = {
  companyId: string;
  dealId: string;
  name: string | null;
  stage: string | null;
  expectedCloseDate: string | null;
};

/** Open deals marked `cs_deal_kind = renewal`, by the company of their primary association (else the first). */
export async function openRenewalDeals(db: Executor, portalId: number): Promise<OpenRenewalDeal[]> {
  const zone = sql`coalesce((select time_zone from portals where id = ${portalId}), 'UTC')`;
  const rows = await queryRows(
    db,
    sql`select coalesce(d.primary_company_id, (select dc.company_id from deal_companies dc
        where dc.portal_id = d.portal_id and dc.deal_id = d.id order by dc.is_primary desc, dc.position limit 1)) as company_id,
      d.id as deal_id, d.name, s.label as stage, (d.close_date at time zone ${zone})::date::text as close_date
    from deals d
    left join pipeline_stages s on s.portal_id = d.portal_id and s.object_type = 'deals' and s.pipeline_id = d.pipeline_id and s.id = d.stage_id
    where d.portal_id = ${portalId} and not d.archived and d.properties->>'cs_deal_kind' = 'renewal' and not coalesce(s.is_closed, false)
    order by d.close_date nulls last, d.id`,
    openDealRow.extend({ company_id: z.string().nullable() }),
  );
  return rows.flatMap((row) =>
    row.company_id === null
      ? []
      : [
          {
            companyId: row.company_id,
            dealId: row.deal_id,
            name: row.name,
            stage: row.stage,
            expectedCloseDate: row.close_date,
          },
        ],
  );
}
