import type PgBoss from 'pg-boss';
import { z } from 'zod';
import type { Database } from '../db/client';
import { findDeadLetterJob, listDeadLetterJobs, type StoredDeadLetter } from '../db/repositories/job-queue-repository';
import { deadLetterQueueName, jobNames, type JobName } from './job-definitions';
import type { JobQueue } from './job-queue';

export interface DeadLetter {
  readonly id: string;
  /** The kind of job that exhausted its retries. */
  readonly name: JobName;
  readonly data: unknown;
  /** What its last attempt threw. */
  readonly error: string;
  readonly failedAt: string;
}

const deadLetterQueues = jobNames.map(deadLetterQueueName);
const serializedError = z.object({ message: z.string() });
const jobId = z.uuid();

function kindOf(queue: string): JobName {
  const name = jobNames.find((candidate) => deadLetterQueueName(candidate) === queue);
  if (!name) throw new Error(`${queue} is not a dead-letter queue`);
  return name;
}

function toDeadLetter(stored: StoredDeadLetter): DeadLetter {
  const error = serializedError.safeParse(stored.output);
  return {
    id: stored.id,
    name: kindOf(stored.queue),
    data: stored.data,
    error: error.success ? error.data.message : JSON.stringify(stored.output ?? null),
    failedAt: stored.createdOn.toISOString(),
  };
}

export async function listDeadLetters(db: Database): Promise<DeadLetter[]> {
  return (await listDeadLetterJobs(db, deadLetterQueues)).map(toDeadLetter);
}

export interface RetryDependencies {
  readonly db: Database;
  readonly boss: PgBoss;
  readonly send: JobQueue['send'];
}

/** Sends the dead letter's data to its kind again, then removes it; a crash in between only runs the job twice, and jobs are idempotent. */
export async function retryDeadLetter(dependencies: RetryDependencies, id: string): Promise<boolean> {
  if (!jobId.safeParse(id).success) return false;
  const stored = await findDeadLetterJob(dependencies.db, deadLetterQueues, id);
  if (!stored) return false;
  const name = kindOf(stored.queue);
  await (dependencies.send as (name: JobName, data: unknown) => Promise<void>)(name, stored.data);
  await dependencies.boss.deleteJob(stored.queue, stored.id);
  return true;
}
