import { sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { PlaybookAudience, PlaybookTrigger } from '../../domain/playbooks/playbook-schema';
import type { Executor } from '../client';
import { audienceSql, historyValueSql, triggerSql, type TriggerNeeds } from './playbook-trigger-sql';
import { useLargeAggregateSettings } from './analytic-query';
import { inCompanyRange, splitIntoCompanyRanges, type CompanyRange } from './company-ranges';
import { textArrayParam } from './text-array-param';
import { queryRows } from './query-rows';

export interface CandidatePlaybook {
  readonly id: string;
  readonly trigger: PlaybookTrigger;
  readonly audience: PlaybookAudience;
  readonly expiresAfterDays: number;
  readonly cooldownDays: number;
}

const candidateRowSchema = z.object({
  as_of: z.string().nullable(),
  kind: z.enum(['day', 'open', 'close']),
  run_id: z.string().nullable(),
  playbook_id: z.string().nullable(),
  company_id: z.string().nullable(),
});

export interface PlaybookCandidates {
  /** The portal's latest scored day on or before the evaluation day; null when nothing is scored. */
  readonly asOf: string | null;
  /** Open runs that may close today (playbook gone, expired, tasks completed, or trigger possibly cleared). */
  readonly closing: ReadonlyArray<{ runId: string; playbookId: string; companyId: string }>;
  /** Companies whose trigger and audience may hold with no open run and no cooldown (or an open run in `closing`). */
  readonly opening: ReadonlyArray<{ playbookId: string; companyId: string }>;
}

function intArray(values: readonly number[]): SQL {
  return values.length === 0
    ? sql`array[]::int[]`
    : sql`array[${sql.join(
        values.map((value) => sql`${value}::int`),
        sql`, `,
      )}]`;
}

/** The candidates statement for the companies of `range` and their open runs. */
function candidatesStatement(
  portalId: number,
  latestDay: string,
  playbooks: readonly CandidatePlaybook[],
  completedTaskStatuses: readonly string[],
  range: CompanyRange,
  usageMeasured: boolean,
): SQL {
  const needs: TriggerNeeds = { history: [], lastUsage: false, usageMeasured };
  const predicates = playbooks.map(
    (playbook) => sql`(${audienceSql(playbook.audience)} and ${triggerSql(playbook.trigger, needs)})`,
  );
  const ids = textArrayParam(playbooks.map((playbook) => playbook.id));
  const history = needs.history.map((column, index) => sql`, ${historyValueSql(column)} as ${sql.raw(`h${index}`)}`);
  const lastUsage = needs.lastUsage
    ? sql`(select max(u.day) from usage_daily_active_users u where u.portal_id = h.portal_id and u.company_id = h.company_id)`
    : sql`null::date`;
  const fired =
    playbooks.length === 0 ? sql`array[]::boolean[]` : sql`array[${sql.join(predicates, sql`, `)}]::boolean[]`;
  return sql`
      with latest as (select ${latestDay}::date as day),
      t as materialized (
        select h.company_id, h.score, h.band, h.active_users, h.seats, latest.day, c.tier, c.industry, c.owner_id,
          o.touch_model, coalesce(c.properties, '{}'::jsonb) as properties, ${lastUsage} as last_usage,
          h.component_scores as components, h.days_to_renewal::float8 as days_to_renewal, h.latest_nps::float8 as latest_nps, h.alerts
          ${sql.join(history, sql``)}
        from health_scores h
        cross join latest
        join companies c on c.portal_id = h.portal_id and c.id = h.company_id and not c.archived
        left join onboarding_records o on o.portal_id = h.portal_id and o.company_id = h.company_id
        where h.portal_id = ${portalId} and h.score_date = ${latestDay}::date
          and ${inCompanyRange(sql`h.company_id`, range)}
      ),
      fired as materialized (
        select t.company_id, ${fired} as fired from t
      ),
      open_runs as materialized (
        select r.id, r.playbook_id, r.company_id, r.held_out, r.opened_on, array_position(${ids}, r.playbook_id) as n
        from playbook_runs r where r.portal_id = ${portalId} and r.status = 'open'
          and ${inCompanyRange(sql`r.company_id`, range)}
      ),
      completed as (
        -- Only open runs' tasks: the tasks completed for runs closed long ago are most of them.
        select s.run_id from open_runs r
        join playbook_run_steps s on s.portal_id = ${portalId} and s.run_id = r.id
        where not r.held_out and s.kind = 'task' and s.state = 'done' and s.task_status in (${sql.join(
          completedTaskStatuses.map((status) => sql`${status}`),
          sql`, `,
        )})
      ),
      closing as materialized (
        select r.id, r.playbook_id, r.company_id from open_runs r
        cross join latest
        left join fired f on f.company_id = r.company_id
        -- Joins, not IN / NOT IN over a CTE: those ran as a subplan rescanning the CTE per run, so a day closing
        -- thousands of runs among 200k open ones took minutes.
        left join (select distinct run_id from completed) d on d.run_id = r.id
        where r.n is null
          or r.opened_on + (${intArray(playbooks.map((playbook) => playbook.expiresAfterDays))})[r.n] <= latest.day
          or (f.company_id is not null and f.fired[r.n] is not true)
          or (not r.held_out and d.run_id is not null)
      ),
      opening as (
        select f.company_id, (${ids})[i] as playbook_id
        from fired f cross join generate_series(1, ${playbooks.length}::int) i
        where f.fired[i] is not false
      )
      select latest.day::text as as_of, 'day' as kind, null as run_id, null as playbook_id, null as company_id from latest
      union all
      select latest.day::text, 'close', c.id as run_id, c.playbook_id, c.company_id
      from closing c cross join latest
      union all
      select latest.day::text, 'open', null, o.playbook_id, o.company_id
      from opening o cross join latest
      where not exists (
          select 1 from open_runs r where r.playbook_id = o.playbook_id and r.company_id = o.company_id
            and not exists (select 1 from closing c where c.id = r.id))
        and not exists (
          select 1 from playbook_runs r
          where r.portal_id = ${portalId} and r.playbook_id = o.playbook_id and r.company_id = o.company_id
            and r.status = 'closed' and r.close_reason <> 'trigger_cleared'
            and r.closed_on + (${intArray(playbooks.map((playbook) => playbook.cooldownDays))})[array_position(${ids}, o.playbook_id)] > latest.day)`;
}

/**
 * One statement per range of companies (`parallelStatements` of them, at once) decides, for every company scored on
 * the portal's latest day and every enabled playbook, whether the trigger and audience hold, and compares that with
 * the open and recently closed runs: only the differences come back, so a day on which nothing changed costs one
 * scan of the day's scores and no rows to the application. A predicate SQL cannot decide exactly comes back as a
 * candidate both ways; the caller decides on the signals.
 */
export async function findPlaybookCandidates(
  db: Executor,
  portalId: number,
  day: string,
  playbooks: readonly CandidatePlaybook[],
  completedTaskStatuses: readonly string[],
  options: { readonly usageMeasured: boolean; readonly parallelStatements?: number },
): Promise<PlaybookCandidates> {
  // The day as a constant, not a CTE: the planner then knows which day's rows the statement reads.
  const [latest] = await queryRows(
    db,
    sql`select max(score_date)::text as day from health_scores where portal_id = ${portalId} and score_date <= ${day}::date`,
    z.object({ day: z.string().nullable() }),
  );
  const latestDay = latest?.day ?? null;
  if (latestDay === null) return { asOf: null, closing: [], opening: [] };
  const ranges = await splitIntoCompanyRanges(
    db,
    sql`select company_id from health_scores where portal_id = ${portalId} and score_date = ${latestDay}::date`,
    options.parallelStatements ?? 1,
  );
  // Each range of companies is one statement with its companies' scores and open runs: they run side by side on
  // the cores, while Node waits.
  const results = await Promise.all(
    ranges.map((range) =>
      db.transaction(async (transaction) => {
        // JIT off: compiling this statement costs more than running it for a portfolio of tens of thousands.
        await useLargeAggregateSettings(transaction);
        return queryRows(
          transaction,
          candidatesStatement(portalId, latestDay, playbooks, completedTaskStatuses, range, options.usageMeasured),
          candidateRowSchema,
        );
      }),
    ),
  );
  const rows = results.flat();
  const closing: Array<{ runId: string; playbookId: string; companyId: string }> = [];
  const opening: Array<{ playbookId: string; companyId: string }> = [];
  for (const { kind, run_id: runId, playbook_id: playbookId, company_id: companyId } of rows) {
    if (playbookId === null || companyId === null) continue;
    if (kind === 'close' && runId !== null) closing.push({ runId, playbookId, companyId });
    if (kind === 'open') opening.push({ playbookId, companyId });
  }
  return { asOf: rows.find((row) => row.kind === 'day')?.as_of ?? null, closing, opening };
}
