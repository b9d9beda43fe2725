import { getTableColumns, sql, type SQL } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import type { Executor } from '../client';
import { csmAssignments, dismissedSuggestions, healthScores, usageSessions } from '../schema';
import { refreshCompanyMrr } from './company-mrr-repository';
import { archiveCompanies } from './crm-record-changes-repository';
import { queryRows } from './query-rows';
import { textArrayParam } from './text-array-param';

/** A record HubSpot made of others: its id and those merged into it, the primary's first. */
export interface CompanyMerge {
  readonly survivorId: string;
  readonly mergedIds: readonly string[];
}

/**
 * Every table keyed by company, and what a merge does with the merged-away companies' rows in it: `move` them to
 * the survivor, `first` keeps for each key the survivor's row, else the first merged company's, `fold` adds the
 * merged companies' counts into the survivor's, `drop` leaves them to be computed again. A test fails when a table
 * with a company column is missing here.
 */
export const companyTablesOnMerge = {
  companies: 'archived',
  company_merges: 'move',
  contracts: 'move',
  deal_companies: 'first',
  deals: 'move',
  handoffs: 'move',
  card_actions: 'move',
  survey_responses: 'move',
  usage_events: 'move',
  playbook_runs: 'move',
  onboarding_records: 'first',
  onboarding_milestones: 'first',
  csm_assignments: 'first',
  health_scores: 'first',
  dismissed_suggestions: 'first',
  usage_sessions: 'first',
  usage_daily_active_users: 'fold',
  usage_daily_features: 'fold',
  usage_daily_session_totals: 'fold',
  usage_monthly_active_users: 'fold',
  usage_monthly_feature_users: 'fold',
  usage_monthly_active_user_counts: 'fold',
  company_mrr_steps: 'drop',
  company_monthly_mrr: 'drop',
  company_seat_months: 'drop',
  company_risks: 'drop',
  company_write_backs: 'drop',
} as const;

const pendingRowSchema = z.object({ survivor_id: z.string(), merged_id: z.string() });

/**
 * The merges still to apply: merged ids the service holds a company for that are not yet recorded as merged into
 * that survivor. Empty for records merged before or never seen here, so a sync checks every merged record cheaply.
 */
export async function pendingCompanyMerges(
  db: Executor,
  portalId: number,
  merges: readonly CompanyMerge[],
): Promise<CompanyMerge[]> {
  const pairs = merges.flatMap((merge) =>
    merge.mergedIds.filter((id) => id !== merge.survivorId).map((id) => [merge.survivorId, id]),
  );
  if (pairs.length === 0) return [];
  const rows = await queryRows(
    db,
    sql`select p.pair ->> 0 as survivor_id, p.pair ->> 1 as merged_id
      from jsonb_array_elements(${JSON.stringify(pairs)}::jsonb) with ordinality as p(pair, position)
      join companies c on c.portal_id = ${portalId}::bigint and c.id = p.pair ->> 1
      where not exists (select 1 from company_merges m where m.portal_id = ${portalId}::bigint
        and m.merged_id = p.pair ->> 1 and m.survivor_id = p.pair ->> 0)
      order by p.position`,
    pendingRowSchema,
  );
  const bySurvivor = new Map<string, string[]>();
  for (const row of rows) bySurvivor.set(row.survivor_id, [...(bySurvivor.get(row.survivor_id) ?? []), row.merged_id]);
  return [...bySurvivor].map(([survivorId, mergedIds]) => ({ survivorId, mergedIds }));
}

interface MergeTable {
  readonly table: string;
  /** The columns besides portal and company that make a row's key. */
  readonly key: readonly string[];
  readonly columns: readonly string[];
}

/** Rows of the merged companies under the survivor, for each key the survivor's if it has one, else the first's. */
function keepFirst(portalId: number, merge: CompanyMerge, { table, key, columns }: MergeTable): SQL {
  const keyList = key.length === 0 ? sql`1` : sql.raw(key.map((name) => `t.${name}`).join(', '));
  const columnList = sql.raw(columns.join(', '));
  const selected = sql.raw(columns.map((name) => `t.${name}`).join(', '));
  return sql`insert into ${sql.raw(table)} (portal_id, company_id, ${columnList})
    select distinct on (${keyList}) t.portal_id, ${merge.survivorId}, ${selected}
    from ${sql.raw(table)} t join unnest(${textArrayParam(merge.mergedIds)}) with ordinality as m(id, position)
      on t.company_id = m.id
    where t.portal_id = ${portalId}::bigint
    order by ${keyList}, m.position
    on conflict do nothing`;
}

/** Adds the merged companies' rows into the survivor's, key by key (`sums`: column -> how two values combine). */
function fold(
  portalId: number,
  merge: CompanyMerge,
  table: string,
  key: readonly string[],
  sums: Record<string, string>,
): SQL {
  const keyList = sql.raw(key.join(', '));
  const combined = Object.entries(sums);
  const aggregates = sql.raw(combined.map(([name, how]) => `${how}(${name})`).join(', '));
  const updates = sql.raw(
    combined
      .map(
        ([name, how]) =>
          `${name} = ${how === 'sum' ? `${table}.${name} + excluded.${name}` : `${how === 'min' ? 'least' : 'greatest'}(${table}.${name}, excluded.${name})`}`,
      )
      .join(', '),
  );
  return sql`insert into ${sql.raw(table)} (portal_id, company_id, ${keyList}, ${sql.raw(combined.map(([name]) => name).join(', '))})
    select portal_id, ${merge.survivorId}, ${keyList}, ${aggregates}
    from ${sql.raw(table)} where portal_id = ${portalId}::bigint and company_id = any(${textArrayParam(merge.mergedIds)})
    group by portal_id, ${keyList}
    on conflict (portal_id, company_id, ${keyList}) do update set ${updates}`;
}

/** A table's columns other than its portal and company, as the database names them. */
function columnsBesidesCompany(table: PgTable): string[] {
  return Object.values(getTableColumns(table))
    .map((column) => column.name)
    .filter((name) => name !== 'portal_id' && name !== 'company_id');
}

const firstTables: readonly MergeTable[] = [
  { table: 'csm_assignments', key: [], columns: columnsBesidesCompany(csmAssignments) },
  { table: 'health_scores', key: ['score_date'], columns: columnsBesidesCompany(healthScores) },
  {
    table: 'dismissed_suggestions',
    key: ['kind', 'product', 'dismissed_at'],
    columns: columnsBesidesCompany(dismissedSuggestions),
  },
  {
    table: 'usage_sessions',
    key: ['user_id', 'session_key', 'started_at'],
    columns: columnsBesidesCompany(usageSessions),
  },
];

/** The onboarding of the survivor, else of the first merged company that has one, with its milestones. */
function onboardingStatements(portalId: number, merge: CompanyMerge): SQL[] {
  const merged = textArrayParam(merge.mergedIds);
  const source = sql`(select m.id from unnest(${merged}) with ordinality as m(id, position)
    join onboarding_records r on r.portal_id = ${portalId}::bigint and r.company_id = m.id
    where not exists (select 1 from onboarding_records s where s.portal_id = ${portalId}::bigint
      and s.company_id = ${merge.survivorId})
    order by m.position limit 1)`;
  return [
    sql`insert into onboarding_milestones (portal_id, company_id, key, label, required, position, due_date, done_at, done_by)
      select portal_id, ${merge.survivorId}, key, label, required, position, due_date, done_at, done_by
      from onboarding_milestones where portal_id = ${portalId}::bigint and company_id = ${source}
      on conflict do nothing`,
    sql`insert into onboarding_records (portal_id, company_id, handoff_date, touch_model, manual_stage,
        manual_stage_set_by, manual_stage_set_at, created_at, updated_at)
      select portal_id, ${merge.survivorId}, handoff_date, touch_model, manual_stage, manual_stage_set_by,
        manual_stage_set_at, created_at, now()
      from onboarding_records where portal_id = ${portalId}::bigint and company_id = ${source}
      on conflict do nothing`,
  ];
}

function movedRows(portalId: number, merge: CompanyMerge): SQL[] {
  const merged = textArrayParam(merge.mergedIds);
  const moved = (table: string, column = 'company_id') =>
    sql`update ${sql.raw(table)} set ${sql.raw(column)} = ${merge.survivorId}
      where portal_id = ${portalId}::bigint and ${sql.raw(column)} = any(${merged})`;
  return [
    // An open run of a playbook the survivor already has open closes: one open run per company and playbook.
    sql`update playbook_runs r set status = 'closed', close_reason = 'company_merged', closed_on = current_date
      where r.portal_id = ${portalId}::bigint and r.company_id = any(${merged}) and r.status = 'open'
        and exists (select 1 from playbook_runs s where s.portal_id = r.portal_id and s.playbook_id = r.playbook_id
          and s.status = 'open' and s.company_id = ${merge.survivorId})`,
    sql`update playbook_runs r set status = 'closed', close_reason = 'company_merged', closed_on = current_date
      where r.portal_id = ${portalId}::bigint and r.company_id = any(${merged}) and r.status = 'open'
        and r.id <> (select s.id from playbook_runs s join unnest(${merged}) with ordinality as m(id, position)
          on s.company_id = m.id where s.portal_id = r.portal_id and s.playbook_id = r.playbook_id
          and s.status = 'open' order by m.position limit 1)`,
    moved('playbook_runs'),
    moved('contracts'),
    moved('deals', 'primary_company_id'),
    moved('handoffs'),
    moved('card_actions'),
    moved('survey_responses'),
    moved('usage_events'),
    sql`insert into deal_companies (portal_id, deal_id, company_id)
      select portal_id, deal_id, ${merge.survivorId} from deal_companies
      where portal_id = ${portalId}::bigint and company_id = any(${merged}) on conflict do nothing`,
  ];
}

function foldedUsage(portalId: number, merge: CompanyMerge): SQL[] {
  return [
    fold(portalId, merge, 'usage_daily_active_users', ['day', 'user_id'], { event_count: 'sum' }),
    fold(portalId, merge, 'usage_daily_features', ['day', 'feature'], { event_count: 'sum' }),
    fold(portalId, merge, 'usage_daily_session_totals', ['day'], { sessions: 'sum', length_milliseconds: 'sum' }),
    fold(portalId, merge, 'usage_monthly_active_users', ['month', 'user_id'], { first_day: 'min', last_day: 'max' }),
    fold(portalId, merge, 'usage_monthly_feature_users', ['month', 'feature', 'user_id'], {
      first_day: 'min',
      last_day: 'max',
    }),
    // A user active in two of the companies counts once: the survivor's counts come from its users, folded above.
    sql`insert into usage_monthly_active_user_counts (portal_id, month, company_id, users)
      select portal_id, month, company_id, count(*) from usage_monthly_active_users
      where portal_id = ${portalId}::bigint and company_id = ${merge.survivorId}
      group by portal_id, month, company_id
      on conflict (portal_id, month, company_id) do update set users = excluded.users`,
  ];
}

// Rows kept, folded or computed again under the survivor leave the merged companies; moved rows are gone already.
const removedTables = Object.entries(companyTablesOnMerge)
  .filter(([, rule]) => rule === 'first' || rule === 'fold' || rule === 'drop')
  .map(([table]) => table);

/**
 * Moves what the service holds of the merged-away companies to the record HubSpot merged them into, in the caller's
 * transaction: their history, onboarding, CSM, usage, surveys and runs follow the customer instead of being left
 * under ids HubSpot no longer shows, and the merged companies are archived.
 */
export async function applyCompanyMerge(db: Executor, portalId: number, merge: CompanyMerge): Promise<void> {
  const merged = textArrayParam(merge.mergedIds);
  const statements = [
    ...onboardingStatements(portalId, merge),
    ...firstTables.map((table) => keepFirst(portalId, merge, table)),
    ...movedRows(portalId, merge),
    ...foldedUsage(portalId, merge),
    ...removedTables.map(
      (table) =>
        sql`delete from ${sql.raw(table)} where portal_id = ${portalId}::bigint and company_id = any(${merged})`,
    ),
    // Earlier merges into a merged company now point at the survivor, so every old id reads as the latest record.
    sql`update company_merges set survivor_id = ${merge.survivorId}
      where portal_id = ${portalId}::bigint and survivor_id = any(${merged})`,
    sql`insert into company_merges (portal_id, merged_id, survivor_id)
      select ${portalId}::bigint, id, ${merge.survivorId} from unnest(${merged}) as m(id)
      on conflict (portal_id, merged_id) do update set survivor_id = excluded.survivor_id, merged_at = now()`,
  ];
  for (const statement of statements) await db.execute(statement);
  await archiveCompanies(db, portalId, merge.mergedIds);
  await refreshCompanyMrr(db, portalId, [merge.survivorId, ...merge.mergedIds]);
}
