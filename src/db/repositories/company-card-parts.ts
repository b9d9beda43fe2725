import { sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Executor } from '../client';
import { jsonColumn, queryRows } from './query-rows';

/** One stored daily score of a company, as its health trend reads it. */
export const cardHealthDaySchema = z.object({
  date: z.string(),
  score: z.number(),
  band: z.string(),
  explanation: z.unknown(),
});
export type CardHealthDay = z.infer<typeof cardHealthDaySchema>;

/** An open treated playbook run of a company with its task steps, in order; `playbook` is null once the playbook is gone. */
export const cardPlaybookRunSchema = z.object({
  playbook: z.string().nullable(),
  openedOn: z.string(),
  evidence: z.unknown(),
  tasks: z.array(
    z.object({ title: z.string(), state: z.string(), taskStatus: z.string().nullable(), dueOn: z.string().nullable() }),
  ),
});
export type CardPlaybookRun = z.infer<typeof cardPlaybookRunSchema>;

/**
 * The company's daily scores in [from, to] as a JSON array, oldest first (the card's statement embeds it). Only the
 * two days around the last score change (lastHealthChange's) carry their explanation: 90 of them were ~100 kB a card.
 */
export function healthHistoryJson(portal: SQL, company: SQL, from: SQL, to: SQL): SQL {
  return sql`(select coalesce(json_agg(json_build_object('date', score_date, 'score', score, 'band', band,
      'explanation', case when score_date in (changed, changed_from) then explanation end) order by score_date), '[]'::json)
    from (select score_date, score, band, explanation,
        max(score_date) filter (where score <> previous_score) over () as changed,
        max(previous_date) filter (where score <> previous_score) over () as changed_from
      from (select score_date, score, band, explanation, lag(score) over by_day as previous_score,
          lag(score_date) over by_day as previous_date
        from health_scores where portal_id = ${portal} and company_id = ${company} and score_date >= ${from} and score_date <= ${to}
        window by_day as (order by score_date)) as days) as marked)`;
}

/** The company's open treated playbook runs with their task steps as a JSON array, oldest first. */
export function openPlaybookRunsJson(portal: SQL, company: SQL): SQL {
  return sql`(select coalesce(json_agg(json_build_object('playbook', p.definition ->> 'name', 'openedOn', r.opened_on,
      'evidence', r.evidence, 'tasks', (select coalesce(json_agg(json_build_object('title', s.title, 'state', s.state,
        'taskStatus', s.task_status, 'dueOn', s.due_on) order by s.position), '[]'::json)
      from playbook_run_steps s where s.portal_id = r.portal_id and s.run_id = r.id and s.kind = 'task'))
      order by r.opened_on, r.id), '[]'::json)
    from playbook_runs r left join playbooks p on p.portal_id = r.portal_id and p.id = r.playbook_id
    where r.portal_id = ${portal} and r.company_id = ${company} and r.status = 'open' and not r.held_out)`;
}

export async function listHealthHistory(
  db: Executor,
  portalId: number,
  companyId: string,
  from: string,
  to: string,
): Promise<CardHealthDay[]> {
  const [row] = await queryRows(
    db,
    sql`select ${healthHistoryJson(sql`${portalId}::bigint`, sql`${companyId}::text`, sql`${from}::date`, sql`${to}::date`)} as days`,
    z.object({ days: jsonColumn(z.array(cardHealthDaySchema)) }),
  );
  return row?.days ?? [];
}

export async function listOpenPlaybookRuns(
  db: Executor,
  portalId: number,
  companyId: string,
): Promise<CardPlaybookRun[]> {
  const [row] = await queryRows(
    db,
    sql`select ${openPlaybookRunsJson(sql`${portalId}::bigint`, sql`${companyId}::text`)} as runs`,
    z.object({ runs: jsonColumn(z.array(cardPlaybookRunSchema)) }),
  );
  return row?.runs ?? [];
}
