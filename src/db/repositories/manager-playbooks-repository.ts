import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Executor } from '../client';
import { integerColumn, queryRows } from './query-rows';
import { companyCsmId, csmAssignmentJoin } from './csm-assignments-repository';

// A task counts as done once HubSpot says it is completed (the company card reads it the same way).
const taskDone = sql`s.state = 'done' and s.task_status = 'COMPLETED'`;

export interface WindowRunCounts {
  /** Treated runs opened in the window. */
  readonly opened: number;
  /** Of those, runs with a task completed (or closed because their tasks were). */
  readonly progressing: number;
}

export async function countTreatedRunsOpened(
  db: Executor,
  portalId: number,
  firstDay: string,
  lastDay: string,
): Promise<WindowRunCounts> {
  const [row] = await queryRows(
    db,
    sql`select count(*) as opened,
        count(*) filter (where r.close_reason = 'tasks_completed' or exists (
          select 1 from playbook_run_steps s where s.portal_id = r.portal_id and s.run_id = r.id and s.kind = 'task' and ${taskDone})) as progressing
      from playbook_runs r
      where r.portal_id = ${portalId} and not r.held_out and r.opened_on between ${firstDay}::date and ${lastDay}::date`,
    z.object({ opened: integerColumn, progressing: integerColumn }),
  );
  return { opened: row?.opened ?? 0, progressing: row?.progressing ?? 0 };
}

export interface MeasuredRuns {
  readonly playbookId: string;
  /** Runs, treated and held out, whose 30-day health change is known: a score 30 to 37 days after opening. */
  readonly treated: number;
  readonly heldOut: number;
}

/**
 * Per playbook that holds companies out (its definition's holdout above zero), the runs of each group with a
 * measured 30-day health change as of `asOf`: the outcome report's first measure, read the way it reads it.
 */
export async function countMeasuredRunsPerPlaybook(
  db: Executor,
  portalId: number,
  asOf: string,
): Promise<MeasuredRuns[]> {
  const rows = await queryRows(
    db,
    sql`select p.id as playbook_id,
        count(r.id) filter (where not r.held_out) as treated,
        count(r.id) filter (where r.held_out) as held_out
      from playbooks p
      left join playbook_runs r on r.portal_id = p.portal_id and r.playbook_id = p.id
        and r.opened_on + 30 <= ${asOf}::date
        and exists (select 1 from health_scores h where h.portal_id = r.portal_id and h.company_id = r.company_id
          and h.score_date between r.opened_on + 30 and least(r.opened_on + 37, ${asOf}::date))
      where p.portal_id = ${portalId} and coalesce((p.definition->>'holdoutPercent')::numeric, 0) > 0
      group by p.id order by p.id`,
    z.object({ playbook_id: z.string(), treated: integerColumn, held_out: integerColumn }),
  );
  return rows.map((row) => ({ playbookId: row.playbook_id, treated: row.treated, heldOut: row.held_out }));
}

export interface OpenRunRow {
  readonly runId: string;
  readonly companyId: string;
  readonly companyName: string | null;
  /** The CSM assigned at hand-off, else the company's owner. */
  readonly csmId: string | null;
  readonly playbookName: string | null;
  readonly openedOn: string;
  readonly tasks: number;
  readonly tasksDone: number;
  /** Tasks not done whose due day is before `asOf`. */
  readonly tasksOverdue: number;
}

export async function countOpenTreatedRuns(db: Executor, portalId: number): Promise<number> {
  const [row] = await queryRows(
    db,
    sql`select count(*) as runs from playbook_runs where portal_id = ${portalId} and status = 'open' and not held_out`,
    z.object({ runs: integerColumn }),
  );
  return row?.runs ?? 0;
}

/** Open treated runs with their company, owner and task counts: most overdue tasks first, then oldest; all when `limit` is null. */
export async function listOpenTreatedRuns(
  db: Executor,
  portalId: number,
  asOf: string,
  limit: number | null,
): Promise<OpenRunRow[]> {
  const rows = await queryRows(
    db,
    sql`select r.id as run_id, r.company_id, c.name as company_name, ${companyCsmId} as csm_id,
        p.definition->>'name' as playbook_name,
        r.opened_on::text as opened_on,
        count(s.position) filter (where s.kind = 'task') as tasks,
        count(s.position) filter (where s.kind = 'task' and ${taskDone}) as tasks_done,
        count(s.position) filter (where s.kind = 'task' and not (${taskDone}) and s.due_on < ${asOf}::date) as tasks_overdue
      from playbook_runs r
      left join companies c on c.portal_id = r.portal_id and c.id = r.company_id
      ${csmAssignmentJoin}
      left join playbooks p on p.portal_id = r.portal_id and p.id = r.playbook_id
      left join playbook_run_steps s on s.portal_id = r.portal_id and s.run_id = r.id
      where r.portal_id = ${portalId} and r.status = 'open' and not r.held_out
      group by r.id, r.company_id, c.name, ${companyCsmId}, p.definition->>'name', r.opened_on
      order by tasks_overdue desc, r.opened_on, r.company_id, r.id
      ${limit === null ? sql`` : sql`limit ${limit}`}`,
    z.object({
      run_id: z.string(),
      company_id: z.string(),
      company_name: z.string().nullable(),
      csm_id: z.string().nullable(),
      playbook_name: z.string().nullable(),
      opened_on: z.string(),
      tasks: integerColumn,
      tasks_done: integerColumn,
      tasks_overdue: integerColumn,
    }),
  );
  return rows.map((row) => ({
    runId: row.run_id,
    companyId: row.company_id,
    companyName: row.company_name,
    csmId: row.csm_id,
    playbookName: row.playbook_name,
    openedOn: row.opened_on,
    tasks: row.tasks,
    tasksDone: row.tasks_done,
    tasksOverdue: row.tasks_overdue,
  }));
}
