import { sql } from 'drizzle-orm';
import type { Executor } from '../client';
import { companyWriteBacks } from '../schema';

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
  readonly manualStage: string | null;
  readonly csmOwnerId: string | null;
  readonly mrrMinor: number;
  readonly renewalDate: string | null;
  /** The stored churn-risk model's chance of churn at the next renewal; null without a model. */
  readonly churnProbability: number | null;
  readonly nextRenewalDate: string | null;
  readonly pushedValues: Record<string, string | null> | null;
}

/**
 * What each company's cs_* values are computed from on `asOf`: its newest health score, onboarding, CSM,
 * active contracts, and what was pushed last. Every live company of the portal, or only `companyIds`.
 */
export async function loadWriteBackInputs(db: Executor, portalId: number, asOf: string, companyIds?: readonly string[]): Promise<WriteBackInputRow[]> {
  if (companyIds !== undefined && companyIds.length === 0) return [];
  const only = companyIds === undefined ? sql`` : sql`and c.id in (${sql.join(companyIds.map((id) => sql`${id}`), sql`, `)})`;
  const result = await db.execute(sql`
    select c.id as company_id, c.owner_id, h.score, h.band, h.stage, h.active_users, h.seats, h.suggestions,
      o.company_id is not null as has_onboarding, o.manual_stage, a.owner_id as csm_owner_id,
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
    order by c.id`);
  const rows = (result as unknown as { rows: Array<Record<string, unknown>> }).rows;
  const numberOrNull = (value: unknown) => (value === null || value === undefined ? null : Number(value));
  const textOrNull = (value: unknown) => (value === null || value === undefined ? null : String(value));
  const json = (value: unknown) => (typeof value === 'string' ? JSON.parse(value) : value);
  return rows.map((row) => ({
    companyId: String(row.company_id),
    companyOwnerId: textOrNull(row.owner_id),
    healthScore: numberOrNull(row.score),
    healthBand: textOrNull(row.band),
    scoredStage: textOrNull(row.stage),
    activeUsers: numberOrNull(row.active_users),
    seats: numberOrNull(row.seats),
    suggestions: json(row.suggestions) ?? null,
    hasOnboarding: row.has_onboarding === true,
    manualStage: textOrNull(row.manual_stage),
    csmOwnerId: textOrNull(row.csm_owner_id),
    mrrMinor: Number(row.mrr_minor ?? 0),
    renewalDate: textOrNull(row.renewal_date),
    churnProbability: numberOrNull(row.churn_probability),
    nextRenewalDate: textOrNull(row.next_renewal_date),
    pushedValues: (json(row.pushed_values) as Record<string, string | null> | null) ?? null,
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
