import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Executor } from '../client';
import { integerColumn, jsonColumn, queryRows } from './query-rows';

const scoreRowSchema = z.object({
  company_id: z.string(),
  score_date: z.string(),
  score: integerColumn,
  band: z.enum(['red', 'yellow', 'green']),
  explanation: jsonColumn(z.unknown()),
});

export type LatestScoreRow = z.infer<typeof scoreRowSchema>;

/** Each company's newest daily score on or before `onOrBefore`, with its explanation. */
export async function listLatestScores(db: Executor, portalId: number, onOrBefore: string): Promise<LatestScoreRow[]> {
  return queryRows(
    db,
    sql`select distinct on (company_id) company_id, score_date::text as score_date, score, band, explanation
      from health_scores where portal_id = ${portalId} and score_date <= ${onOrBefore}::date
      order by company_id, score_date desc`,
    scoreRowSchema,
  );
}

const runRowSchema = z.object({
  run_id: z.string(),
  company_id: z.string(),
  opened_on: z.string(),
  status: z.enum(['open', 'closed']),
  playbook_name: z.string().nullable(),
  tasks: jsonColumn(
    z.array(z.object({ title: z.string(), due_on: z.string().nullable(), task_status: z.string().nullable() })),
  ),
});

export type DigestRunRow = z.infer<typeof runRowSchema>;

/** Playbook runs opened on or after `openedSince` or still open (held-out runs have no steps), with their tasks. */
export async function listDigestRuns(db: Executor, portalId: number, openedSince: string): Promise<DigestRunRow[]> {
  return queryRows(
    db,
    sql`select r.id as run_id, r.company_id, r.opened_on::text as opened_on, r.status,
        p.definition->>'name' as playbook_name,
        coalesce((select jsonb_agg(jsonb_build_object('title', s.title, 'due_on', s.due_on::text, 'task_status', s.task_status)
          order by s.position) from playbook_run_steps s
          where s.portal_id = r.portal_id and s.run_id = r.id and s.kind = 'task'), '[]'::jsonb) as tasks
      from playbook_runs r
      left join playbooks p on p.portal_id = r.portal_id and p.id = r.playbook_id
      where r.portal_id = ${portalId} and not r.held_out and (r.status = 'open' or r.opened_on >= ${openedSince}::date)`,
    runRowSchema,
  );
}

const ownerRowSchema = z.object({
  id: z.string(),
  email: z.string().nullable(),
  first_name: z.string().nullable(),
  last_name: z.string().nullable(),
});

export type OwnerContactRow = z.infer<typeof ownerRowSchema>;

/** The portal's active HubSpot owners with their email. */
export async function listOwnerContacts(db: Executor, portalId: number): Promise<OwnerContactRow[]> {
  return queryRows(
    db,
    sql`select o.id, o.email, o.first_name, o.last_name
      from owners o where o.portal_id = ${portalId} and not o.archived order by o.id`,
    ownerRowSchema,
  );
}
