import { sql } from 'drizzle-orm';
import { customerStatusOf } from '../../domain/contracts/customer-status';
import type { Executor } from '../client';
import { companyWriteBacks } from '../schema';
import { z } from 'zod';
import { integerColumn, jsonColumn, nullableIntegerColumn, nullableNumberColumn, queryRows } from './query-rows';

export interface WriteBackInputRow {
  readonly companyId: string;
  readonly companyOwnerId: string | null;
  readonly healthScore: number | null;
  readonly healthBand: string | null;
  readonly scoredStage: string | null;
  readonly activeUsers: number | null;
  readonly seats: number | null;
  readonly suggestions: unknown;
  readonly hasOnboarding: boolean;
  /** No MRR on `asOf`, had contracts and none starts later (customerStatusOf): the company left. */
  readonly formerCustomer: boolean;
  readonly manualStage: string | null;
  readonly csmOwnerId: string | null;
  readonly mrrMinor: number;
  readonly renewalDate: string | null;
  /** The stored churn-risk model's chance of churn at the next renewal; null without a model. */
  readonly churnProbability: number | null;
  readonly nextRenewalDate: string | null;
  readonly pushedValues: Record<string, string | null> | null;
}

const writeBackInputRowSchema = z.object({
  company_id: z.string(),
  owner_id: z.string().nullable(),
  score: nullableIntegerColumn,
  band: z.string().nullable(),
  stage: z.string().nullable(),
  active_users: nullableIntegerColumn,
  seats: nullableIntegerColumn,
  suggestions: jsonColumn(z.unknown()).transform((value) => value ?? null),
  has_onboarding: z.boolean(),
  contract_count: integerColumn,
  upcoming_contract_count: integerColumn,
  manual_stage: z.string().nullable(),
  csm_owner_id: z.string().nullable(),
  mrr_minor: integerColumn,
  renewal_date: z.string().nullable(),
  churn_probability: nullableNumberColumn,
  next_renewal_date: z.string().nullable(),
  pushed_values: jsonColumn(z.record(z.string(), z.string().nullable()).nullable()),
});

/**
 * What each company's cs_* values are computed from on `asOf`: its newest health score, onboarding, CSM,
 * active contracts, and what was pushed last. Every live company of the portal, or only `companyIds`.
 */
export async function loadWriteBackInputs(
  db: Executor,
  portalId: number,
  asOf: string,
  companyIds?: readonly string[],
): Promise<WriteBackInputRow[]> {
  if (companyIds !== undefined && companyIds.length === 0) return [];
  const only =
    companyIds === undefined
      ? sql``
      : sql`and c.id in (${sql.join(
          companyIds.map((id) => sql`${id}`),
          sql`, `,
        )})`;
  const rows = await queryRows(
    db,
    sql`
    select c.id as company_id, c.owner_id, h.score, h.band, h.stage, h.active_users, h.seats, h.suggestions,
      o.company_id is not null as has_onboarding, o.manual_stage,
      -- A CSM whose user left the account: HubSpot takes no archived owner in an owner property.
      case when exists (select 1 from owners x where x.portal_id = c.portal_id and x.id = a.owner_id and x.archived)
        then null else a.owner_id end as csm_owner_id,
      (select count(*) from contracts t where t.portal_id = c.portal_id and t.company_id = c.id)::int as contract_count,
      (select count(*) from contracts t where t.portal_id = c.portal_id and t.company_id = c.id
        and t.start_date > ${asOf}::date)::int as upcoming_contract_count,
      coalesce(k.mrr_minor, 0) as mrr_minor, k.renewal_date, w.pushed_values,
      r.churn_probability, r.next_renewal_date::text as next_renewal_date
    from companies c
    left join lateral (
      select s.score, s.band, s.stage, s.active_users, s.seats, s.suggestions from health_scores s
      where s.portal_id = c.portal_id and s.company_id = c.id and s.score_date <= ${asOf}::date
      order by s.score_date desc limit 1
    ) h on true
    left join onboarding_records o on o.portal_id = c.portal_id and o.company_id = c.id
    left join csm_assignments a on a.portal_id = c.portal_id and a.company_id = c.id
    left join lateral (
      select sum(t.mrr_minor) as mrr_minor, max(t.end_date)::text as renewal_date from contracts t
      where t.portal_id = c.portal_id and t.company_id = c.id and t.start_date <= ${asOf}::date and t.end_date > ${asOf}::date
    ) k on true
    left join company_risks r on r.portal_id = c.portal_id and r.company_id = c.id
    left join company_write_backs w on w.portal_id = c.portal_id and w.company_id = c.id
    where c.portal_id = ${portalId} and not c.archived ${only}
    order by c.id`,
    writeBackInputRowSchema,
  );
  return rows.map((row) => ({
    companyId: row.company_id,
    companyOwnerId: row.owner_id,
    healthScore: row.score,
    healthBand: row.band,
    scoredStage: row.stage,
    activeUsers: row.active_users,
    seats: row.seats,
    suggestions: row.suggestions,
    hasOnboarding: row.has_onboarding,
    // The card's rule for the same company on the same day, so HubSpot and the card agree on who left.
    formerCustomer:
      customerStatusOf({
        mrrMinor: row.mrr_minor,
        contractCount: row.contract_count,
        upcomingContractCount: row.upcoming_contract_count,
      }) === 'former_customer',
    manualStage: row.manual_stage,
    csmOwnerId: row.csm_owner_id,
    mrrMinor: row.mrr_minor,
    renewalDate: row.renewal_date,
    churnProbability: row.churn_probability,
    nextRenewalDate: row.next_renewal_date,
    pushedValues: row.pushed_values,
  }));
}

/** Records what one successful batch update wrote, so the next run compares against it. */
export async function recordPushedValues(
  db: Executor,
  portalId: number,
  pushed: ReadonlyArray<{ companyId: string; values: Record<string, string | null> }>,
  pushedAt: string,
): Promise<void> {
  if (pushed.length === 0) return;
  await db
    .insert(companyWriteBacks)
    .values(pushed.map((entry) => ({ portalId, companyId: entry.companyId, pushedValues: entry.values, pushedAt })))
    .onConflictDoUpdate({
      target: [companyWriteBacks.portalId, companyWriteBacks.companyId],
      set: { pushedValues: sql`excluded.pushed_values`, pushedAt: sql`excluded.pushed_at` },
    });
}
