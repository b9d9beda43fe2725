import { sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Database, Executor } from '../client';
import { integerColumn, queryRows } from './query-rows';

/** The schema pg-boss keeps its tables in; it creates and migrates them itself, outside drizzle's migrations. */
export const jobQueueSchema = 'pgboss';

const jobTable = sql.raw(`${jobQueueSchema}.job`);

const deadLetterRow = z.object({
  id: z.string(),
  queue: z.string(),
  data: z.unknown(),
  output: z.unknown(),
  created_on: z.coerce.date(),
});

export interface StoredDeadLetter {
  readonly id: string;
  readonly queue: string;
  readonly data: unknown;
  /** What the last attempt threw, as pg-boss serialised it. */
  readonly output: unknown;
  readonly createdOn: Date;
}

function inQueues(queues: readonly string[]): SQL {
  return sql`name in (${sql.join(
    queues.map((queue) => sql`${queue}`),
    sql`, `,
  )})`;
}

function toDeadLetter(row: z.infer<typeof deadLetterRow>): StoredDeadLetter {
  return { id: row.id, queue: row.queue, data: row.data, output: row.output, createdOn: row.created_on };
}

/** Jobs waiting in the given dead-letter queues (nothing works those queues: they wait for a person), oldest first. */
export async function listDeadLetterJobs(
  db: Executor,
  deadLetterQueues: readonly string[],
): Promise<StoredDeadLetter[]> {
  if (deadLetterQueues.length === 0) return [];
  const rows = await queryRows(
    db,
    sql`select id::text as id, name as queue, data, output, created_on from ${jobTable}
    where ${inQueues(deadLetterQueues)} and state = 'created'
    order by created_on, id`,
    deadLetterRow,
  );
  return rows.map(toDeadLetter);
}

export async function findDeadLetterJob(
  db: Executor,
  deadLetterQueues: readonly string[],
  id: string,
): Promise<StoredDeadLetter | undefined> {
  if (deadLetterQueues.length === 0) return undefined;
  const rows = await queryRows(
    db,
    sql`select id::text as id, name as queue, data, output, created_on from ${jobTable}
    where ${inQueues(deadLetterQueues)} and state = 'created' and id = ${id}::uuid`,
    deadLetterRow,
  );
  const [row] = rows;
  return row === undefined ? undefined : toDeadLetter(row);
}

const activeRow = z.object({ id: z.string(), name: z.string() });

/** Jobs marked running in the given queues. */
export async function listActiveJobs(
  db: Executor,
  queues: readonly string[],
): Promise<Array<{ id: string; name: string }>> {
  if (queues.length === 0) return [];
  return queryRows(
    db,
    sql`select id::text as id, name from ${jobTable}
    where ${inQueues(queues)} and state = 'active'`,
    activeRow,
  );
}

const stateCountRow = z.object({ name: z.string(), state: z.string(), count: z.coerce.number() });

/** Jobs per queue and state, completed ones until pg-boss archives them. */
export async function countJobsByState(
  db: Executor,
  queues: readonly string[],
): Promise<Array<{ name: string; state: string; count: number }>> {
  if (queues.length === 0) return [];
  return queryRows(
    db,
    sql`select name, state::text as state, count(*) as count from ${jobTable}
    where ${inQueues(queues)} group by name, state`,
    stateCountRow,
  );
}

/**
 * Whether another job of the queue with this singleton key and the same data waits to retry. pg-boss keeps one job
 * per key and state in a stately queue: a second failure of the key cannot also wait to retry, and pg-boss would
 * fail it for good (a dead letter) though the waiting retry does the same work.
 */
export async function hasWaitingRetry(
  db: Executor,
  queue: string,
  singletonKey: string,
  data: unknown,
  exceptId: string,
): Promise<boolean> {
  const rows = await queryRows(
    db,
    sql`select 1 as found from ${jobTable}
    where name = ${queue} and state = 'retry' and singleton_key = ${singletonKey} and data = ${JSON.stringify(data ?? null)}::jsonb and id <> ${exceptId}::uuid
    limit 1`,
    z.object({ found: integerColumn }),
  );
  return rows.length > 0;
}

// Any fixed number: the key of the advisory lock under which a replica creates and updates the queues.
const queueSetupLockKey = 7_314_519_023;

/**
 * Runs `work` while this database's other replicas wait: pg-boss's createQueue deadlocks when two processes create
 * the same queues at once (two replicas starting together on a fresh database). The lock is the transaction's, so
 * it ends with it even if the process dies; `work` uses pg-boss's own connections.
 */
export async function withQueueSetupLock<T>(db: Database, work: () => Promise<T>): Promise<T> {
  return db.transaction(async (transaction) => {
    await transaction.execute(sql`select pg_advisory_xact_lock(${queueSetupLockKey})`);
    return work();
  });
}
