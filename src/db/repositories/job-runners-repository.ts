import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Executor } from '../client';
import { queryRows } from './query-rows';
import { jobQueueSchema } from './job-queue-repository';

const jobTable = sql.raw(`${jobQueueSchema}.job`);
const lostRunRow = z.object({ job_id: z.string(), queue: z.string() });

/** The runner is alive now. */
export async function beatRunner(db: Executor, runnerId: string): Promise<void> {
  await db.execute(
    sql`insert into job_runners (id, seen_at) values (${runnerId}, now()) on conflict (id) do update set seen_at = now()`,
  );
}

/** A runner that stopped cleanly: its row and its runs go. */
export async function forgetRunner(db: Executor, runnerId: string): Promise<void> {
  await db.execute(sql`delete from job_runs where runner_id = ${runnerId}`);
  await db.execute(sql`delete from job_runners where id = ${runnerId}`);
}

export async function claimRun(db: Executor, runnerId: string, queue: string, jobId: string): Promise<void> {
  await db.execute(sql`insert into job_runs (job_id, queue, runner_id) values (${jobId}::uuid, ${queue}, ${runnerId})
    on conflict (job_id) do update set runner_id = excluded.runner_id, queue = excluded.queue, started_at = now()`);
}

export async function releaseRun(db: Executor, runnerId: string, jobId: string): Promise<void> {
  await db.execute(sql`delete from job_runs where job_id = ${jobId}::uuid and runner_id = ${runnerId}`);
}

/**
 * Active jobs no runner claimed for `lostAfterSeconds` (their process died between fetching and claiming them) are
 * claimed for no runner, so the next `takeLostRuns` hands them on with the others.
 */
export async function claimOrphanedJobs(
  db: Executor,
  queues: readonly string[],
  lostAfterSeconds: number,
): Promise<void> {
  if (queues.length === 0) return;
  const names = sql.join(
    queues.map((queue) => sql`${queue}`),
    sql`, `,
  );
  await db.execute(sql`insert into job_runs (job_id, queue, runner_id)
    select j.id, j.name, '' from ${jobTable} j
    where j.name in (${names}) and j.state = 'active' and j.started_on < now() - ${lostAfterSeconds} * interval '1 second'
      and not exists (select 1 from job_runs r where r.job_id = j.id)
    on conflict do nothing`);
}

/** Removes and returns the runs whose runner has not beaten for `lostAfterSeconds`; each run goes to one caller only. */
export async function takeLostRuns(
  db: Executor,
  lostAfterSeconds: number,
): Promise<Array<{ jobId: string; queue: string }>> {
  const rows = await queryRows(
    db,
    sql`delete from job_runs r
    where not exists (select 1 from job_runners w where w.id = r.runner_id and w.seen_at > now() - ${lostAfterSeconds} * interval '1 second')
    returning job_id::text as job_id, queue`,
    lostRunRow,
  );
  return rows.map((row) => ({ jobId: row.job_id, queue: row.queue }));
}

export async function deleteSilentRunners(db: Executor, silentForSeconds: number): Promise<void> {
  await db.execute(sql`delete from job_runners where seen_at < now() - ${silentForSeconds} * interval '1 second'`);
}
