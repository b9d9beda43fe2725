import { chunks } from '../../domain/collections/chunks';
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { Executor } from '../client';
import { companies, onboardingMilestones, onboardingRecords } from '../schema';
import { useAnalyticPlannerSettings } from './analytic-query';
import { integerColumn, queryRows } from './query-rows';
import { z } from 'zod';

export type OnboardingRecordRow = typeof onboardingRecords.$inferSelect;
export type OnboardingMilestoneRow = typeof onboardingMilestones.$inferSelect;
export type NewOnboardingMilestone = Pick<
  OnboardingMilestoneRow,
  'key' | 'label' | 'required' | 'position' | 'dueDate'
> &
  Partial<Pick<OnboardingMilestoneRow, 'doneAt' | 'doneBy'>>;
export type LifecycleStageValue = NonNullable<OnboardingRecordRow['manualStage']>;
export type TouchModelValue = OnboardingRecordRow['touchModel'];

/** Creates the record and its milestones unless the company has one; returns whether it was created. */
export async function insertOnboardingIfMissing(
  db: Executor,
  record: { portalId: number; companyId: string; handoffDate: string; touchModel: TouchModelValue },
  milestones: readonly NewOnboardingMilestone[],
): Promise<boolean> {
  const inserted = await db
    .insert(onboardingRecords)
    .values(record)
    .onConflictDoNothing()
    .returning({ companyId: onboardingRecords.companyId });
  if (inserted.length === 0) return false;
  if (milestones.length > 0) {
    await db
      .insert(onboardingMilestones)
      .values(milestones.map((milestone) => ({ ...milestone, portalId: record.portalId, companyId: record.companyId })))
      .onConflictDoNothing();
  }
  return true;
}

const recordsPerStatement = 5_000;

/**
 * Bulk form of `insertOnboardingIfMissing` for many companies; existing records are left alone. Each chunk is
 * one statement with the records and their milestones as two JSON parameters: a portal's first run opens
 * every customer's onboarding, and binding each value (tens of thousands per statement) took seconds per 10k.
 */
export async function insertOnboardingsIfMissing(
  db: Executor,
  records: ReadonlyArray<{
    portalId: number;
    companyId: string;
    handoffDate: string;
    touchModel: TouchModelValue;
    milestones: readonly NewOnboardingMilestone[];
  }>,
): Promise<number> {
  let opened = 0;
  for (const chunk of chunks(records, recordsPerStatement)) {
    const recordRows = chunk.map((record) => ({
      portal_id: record.portalId,
      company_id: record.companyId,
      handoff_date: record.handoffDate,
      touch_model: record.touchModel,
    }));
    const milestoneRows = chunk.flatMap((record) =>
      record.milestones.map((milestone) => ({
        portal_id: record.portalId,
        company_id: record.companyId,
        key: milestone.key,
        label: milestone.label,
        required: milestone.required,
        position: milestone.position,
        due_date: milestone.dueDate,
        done_at: milestone.doneAt ?? null,
        done_by: milestone.doneBy ?? null,
      })),
    );
    const [row] = await queryRows(
      db,
      sql`
      with inserted as (
        insert into onboarding_records (portal_id, company_id, handoff_date, touch_model)
        select * from jsonb_to_recordset(${JSON.stringify(recordRows)}::jsonb)
          as r(portal_id bigint, company_id text, handoff_date date, touch_model text)
        on conflict do nothing
        returning portal_id, company_id
      ), milestones as (
        insert into onboarding_milestones (portal_id, company_id, key, label, required, position, due_date, done_at, done_by)
        select m.portal_id, m.company_id, m.key, m.label, m.required, m.position, m.due_date, m.done_at, m.done_by
        from jsonb_to_recordset(${JSON.stringify(milestoneRows)}::jsonb)
          as m(portal_id bigint, company_id text, key text, label text, required boolean, position integer, due_date date,
            done_at timestamptz, done_by text)
        join inserted i on i.portal_id = m.portal_id and i.company_id = m.company_id
        on conflict do nothing
      )
      select count(*)::int as opened from inserted`,
      z.object({ opened: integerColumn }),
    );
    opened += row?.opened ?? 0;
  }
  return opened;
}

/** Companies with a `new` contract and no onboarding record yet, with their hand-off day and MRR on `asOf`. */
export async function listCompaniesAwaitingOnboarding(
  db: Executor,
  portalId: number,
  asOf: string,
): Promise<Array<{ companyId: string; handoffDate: string; mrrMinor: number }>> {
  const rows = await queryRows(
    db,
    sql`
    select c.company_id, min(c.start_date)::text as handoff_date,
      coalesce((select sum(a.mrr_minor) from contracts a
        where a.portal_id = ${portalId} and a.company_id = c.company_id and a.start_date <= ${asOf}::date and a.end_date > ${asOf}::date), 0) as mrr_minor
    from contracts c
    where c.portal_id = ${portalId} and c.kind = 'new'
      and not exists (select 1 from onboarding_records o where o.portal_id = c.portal_id and o.company_id = c.company_id)
    group by c.company_id
    having min(c.start_date) <= ${asOf}::date`,
    z.object({ company_id: z.string(), handoff_date: z.string(), mrr_minor: integerColumn }),
  );
  return rows.map((row) => ({ companyId: row.company_id, handoffDate: row.handoff_date, mrrMinor: row.mrr_minor }));
}

export async function findOnboardingRecord(
  db: Executor,
  portalId: number,
  companyId: string,
): Promise<OnboardingRecordRow | null> {
  const [row] = await db
    .select()
    .from(onboardingRecords)
    .where(and(eq(onboardingRecords.portalId, portalId), eq(onboardingRecords.companyId, companyId)));
  return row ?? null;
}

export async function listMilestones(
  db: Executor,
  portalId: number,
  companyId: string,
): Promise<OnboardingMilestoneRow[]> {
  return db
    .select()
    .from(onboardingMilestones)
    .where(and(eq(onboardingMilestones.portalId, portalId), eq(onboardingMilestones.companyId, companyId)))
    .orderBy(asc(onboardingMilestones.position), asc(onboardingMilestones.key));
}

export async function updateManualStage(
  db: Executor,
  portalId: number,
  companyId: string,
  change: { stage: LifecycleStageValue | null; setBy: string; setAt: string },
): Promise<boolean> {
  const updated = await db
    .update(onboardingRecords)
    .set({
      manualStage: change.stage,
      manualStageSetBy: change.setBy,
      manualStageSetAt: change.setAt,
      updatedAt: sql`now()`,
    })
    .where(and(eq(onboardingRecords.portalId, portalId), eq(onboardingRecords.companyId, companyId)))
    .returning({ companyId: onboardingRecords.companyId });
  return updated.length > 0;
}

/** Marks an open milestone done; a milestone already done keeps its first completion. */
export async function markMilestoneDone(
  db: Executor,
  portalId: number,
  companyId: string,
  key: string,
  doneAt: string,
  doneBy: string,
): Promise<boolean> {
  const updated = await db
    .update(onboardingMilestones)
    .set({ doneAt, doneBy })
    .where(
      and(
        eq(onboardingMilestones.portalId, portalId),
        eq(onboardingMilestones.companyId, companyId),
        eq(onboardingMilestones.key, key),
        isNull(onboardingMilestones.doneAt),
      ),
    )
    .returning({ key: onboardingMilestones.key });
  return updated.length > 0;
}

/**
 * Completes the open milestone `key` of every company of the portal at the first event of its `threshold`-th
 * distinct user (never before hand-off), in one statement. Should that day's events be purged already, at the
 * start of the day.
 */
export async function completeMilestonesFromUsage(
  db: Executor,
  portalId: number,
  key: string,
  threshold: number,
  asOf: string,
  timeZone: string,
): Promise<void> {
  // Hash joins around the per-company read, and no JIT. A new portal's first run plans this on the statistics of
  // empty onboarding tables (1,000 milestones opened a moment ago, estimated as one row): with nested loops allowed,
  // the ranked users were computed again for every milestone (58 s for 1,000 customers instead of under a second).
  // The planner's estimates lag behind on a portal in use too, and JIT compiling took 0.25 s of 0.6 s at 100k.
  await db.transaction(async (transaction) => {
    await useAnalyticPlannerSettings(transaction);
    await transaction.execute(sql`
    with open_milestones as (
      select m.company_id from onboarding_milestones m
      where m.portal_id = ${portalId} and m.key = ${key} and m.done_at is null
    ), first_days as (
      -- Each open company's users and the local day each was first active, from the monthly active users (one row
      -- per user and month) rather than every event: reading the events of the companies still short of users
      -- grew with how much they used the product, every day until they reached it.
      select o.company_id, f.user_id, f.first_day
      from open_milestones o cross join lateral (
        select m.user_id, min(m.first_day) as first_day from usage_monthly_active_users m
        where m.portal_id = ${portalId} and m.company_id = o.company_id and m.first_day <= ${asOf}::date
        group by m.user_id
      ) f
    ), threshold_days as (
      -- The day the threshold-th user came, and how many came on earlier days.
      select company_id, first_day as day, earlier
      from (select company_id, first_day, row_number() over w as position, rank() over w - 1 as earlier
        from first_days window w as (partition by company_id order by first_day)) ranked
      where position = ${threshold}
    ), first_instants as (
      -- On that day only, each newcomer's first event, so the milestone is done at the threshold-th user's first event.
      select t.company_id, t.earlier, e.first_at
      from threshold_days t cross join lateral (
        select e.user_id, min(e.occurred_at) as first_at from usage_events e
        where e.portal_id = ${portalId} and e.company_id = t.company_id
          and e.occurred_at >= (t.day::timestamp at time zone ${timeZone})
          and e.occurred_at < ((t.day + 1)::timestamp at time zone ${timeZone})
        group by e.user_id
      ) e
      join first_days f on f.company_id = t.company_id and f.user_id = e.user_id and f.first_day = t.day
    ), ranked as (
      select t.company_id, coalesce(i.first_at, t.day::timestamp at time zone ${timeZone}) as first_at
      from threshold_days t left join (
        select company_id, first_at, earlier + row_number() over (partition by company_id order by first_at) as position
        from first_instants
      ) i on i.company_id = t.company_id and i.position = ${threshold}
    )
    update onboarding_milestones m
    set done_at = greatest(r.first_at, o.handoff_date::timestamp at time zone ${timeZone}), done_by = 'usage'
    from ranked r, onboarding_records o
    where m.portal_id = ${portalId} and m.key = ${key} and m.done_at is null
      and r.company_id = m.company_id
      and o.portal_id = m.portal_id and o.company_id = m.company_id`);
  });
}

export async function companyExists(db: Executor, portalId: number, companyId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: companies.id })
    .from(companies)
    .where(and(eq(companies.portalId, portalId), eq(companies.id, companyId), eq(companies.archived, false)));
  return row !== undefined;
}

/**
 * Demo only: ticks off every milestone due by `asOf` a few days early, except that about
 * `behindPercent` of the companies (picked by a hash of their id) leave `heldBackKey` open.
 */
// A held-back milestone stays plausible: a CSM would have chased one overdue for months, so only recent ones wait.
const demoOverdueWindowDays = 45;

export async function completeDemoMilestones(
  db: Executor,
  portalId: number,
  asOf: string,
  timeZone: string,
  heldBackKey: string,
  behindPercent: number,
): Promise<void> {
  await db.execute(sql`
    update onboarding_milestones m
    set done_at = ((m.due_date - abs(hashtext(m.company_id || m.key)) % 5)::timestamp at time zone ${timeZone}) + interval '10 hours',
      done_by = 'demo'
    from onboarding_records o
    where m.portal_id = ${portalId} and o.portal_id = m.portal_id and o.company_id = m.company_id
      and m.done_at is null and m.due_date <= ${asOf}::date
      and not (m.key = ${heldBackKey} and abs(hashtext(m.company_id)) % 100 < ${behindPercent}
        and m.due_date > ${asOf}::date - ${demoOverdueWindowDays}::int)`);
}
