import { setTimeout as sleep } from 'node:timers/promises';
import PgBoss from 'pg-boss';
import pRetry from 'p-retry';
import type { Logger } from '../config/logger';
import type { DatabaseHandle } from '../db/client';
import {
  countJobsByState,
  hasWaitingRetry,
  jobQueueSchema,
  listActiveJobs,
  withQueueSetupLock,
} from '../db/repositories/job-queue-repository';
import { listUninstalledPortalIds } from '../db/repositories/installations-repository';
import { listPortals } from '../db/repositories/portals-repository';
import { listDeadLetters, retryDeadLetter, type DeadLetter } from './dead-letters';
import {
  deadLetterQueueName,
  jobDataSchemas,
  jobNames,
  jobPolicies,
  type JobData,
  type JobHandlers,
  type JobName,
  type JobPolicy,
} from './job-definitions';
import type { JobQueue, SendOptions } from './job-queue';
import { scheduleQueueName, type JobSchedule } from './job-schedules';
import { startWorkers, type StartedWorkers } from './job-workers';
import { defaultLiveness, startRunnerLiveness, type LivenessTuning, type RunnerLiveness } from './runner-liveness';
import { createPgliteJobStore, type PgliteJobStore } from './pglite-job-store';

/** Knobs with production defaults; tests shorten them. */
export interface QueueTuning {
  readonly pollingIntervalSeconds?: number;
  /** How often expired jobs (their process died) are failed into a retry, and old ones archived. */
  readonly maintenanceIntervalSeconds?: number;
  readonly retryLimit?: number;
  readonly retryDelaySeconds?: number;
  readonly expireInSeconds?: number;
  /** How long stop() waits for running jobs before failing them into a retry. */
  readonly stopTimeoutMilliseconds?: number;
  /** Connections of the queue's own pool on the Postgres server. */
  readonly poolSize?: number;
  /** On the Postgres server: how soon a dead replica's running jobs are retried by the others. */
  readonly liveness?: LivenessTuning;
}

export interface JobQueueOptions {
  readonly database: DatabaseHandle;
  readonly logger: Logger;
  /**
   * The kinds this process works; without handlers it only sends and inspects (the jobs CLI). A function receives
   * the queue, for handlers that send follow-up jobs.
   */
  readonly handlers?: JobHandlers | ((queue: JobQueue) => JobHandlers);
  readonly schedules?: readonly JobSchedule[];
  readonly tuning?: QueueTuning;
}

export interface QueueCounts {
  readonly name: JobName;
  readonly waiting: number;
  readonly retrying: number;
  readonly active: number;
  readonly completed: number;
  readonly failed: number;
  readonly deadLetters: number;
}

export interface RunningJobQueue extends JobQueue {
  status(): Promise<QueueCounts[]>;
  deadLetters(): Promise<DeadLetter[]>;
  /** Sends a dead letter's data to its kind again with fresh retries; false when no dead letter has that id. */
  retryDeadLetter(id: string): Promise<boolean>;
  /** Stops fetching, waits for running jobs (failing them into a retry after the timeout), then lets go of the database. */
  stop(): Promise<void>;
}

function scheduleQueue(name: string): PgBoss.Queue {
  return { name, policy: 'stately', retryLimit: 2, retryDelay: 30, retryBackoff: true, expireInSeconds: 300 };
}

function queuePolicy(name: JobName, tuning: QueueTuning): PgBoss.Queue {
  const policy: JobPolicy<JobName> = jobPolicies[name];
  return {
    name,
    policy: policy.policy,
    retryLimit: tuning.retryLimit ?? policy.retryLimit,
    retryDelay: tuning.retryDelaySeconds ?? policy.retryDelaySeconds,
    retryBackoff: true,
    expireInSeconds: tuning.expireInSeconds ?? policy.expireInSeconds,
    deadLetter: deadLetterQueueName(name),
  };
}

const comparedSettings = ['retryLimit', 'retryDelay', 'retryBackoff', 'expireInSeconds', 'deadLetter'] as const;

/**
 * Creates the missing queues and updates those whose retry settings changed (updateQueue leaves the policy alone).
 * A queue already as wanted is not written: a replica starting beside running ones then takes no lock on pg-boss's
 * queue table, where its writes deadlocked with their work (found by the soak).
 */
async function ensureQueues(boss: PgBoss, queues: readonly PgBoss.Queue[]): Promise<void> {
  const existing = new Map((await boss.getQueues()).map((queue) => [queue.name, queue]));
  for (const queue of queues) {
    const current = existing.get(queue.name);
    if (!current) await boss.createQueue(queue.name, queue);
    if (
      !current ||
      comparedSettings.some((setting) => queue[setting] !== undefined && current[setting] !== queue[setting])
    )
      await boss.updateQueue(queue.name, queue);
  }
}

function isDeadlock(error: unknown): boolean {
  return error instanceof Error && 'code' in error && error.code === '40P01';
}

/** Starts the durable queue on the service's database: pg-boss on the server, pg-boss through the same client on PGlite. */
export async function startJobQueue(options: JobQueueOptions): Promise<RunningJobQueue> {
  const { database, logger } = options;
  const tuning = options.tuning ?? {};
  // Handlers only send once workers run, after `send` below exists.
  const queue: JobQueue = { send: (name, data, sendOptions) => send(name, data, sendOptions) };
  const handlers = typeof options.handlers === 'function' ? options.handlers(queue) : (options.handlers ?? {});
  const working = Object.keys(handlers).length > 0;
  const schedules = working ? (options.schedules ?? []).filter((schedule) => handlers[schedule.name]) : [];
  const pgliteStore: PgliteJobStore | undefined =
    database.queueConnection.kind === 'pglite' ? createPgliteJobStore(database.queueConnection.client) : undefined;
  const connection: PgBoss.ConstructorOptions =
    database.queueConnection.kind === 'pglite'
      ? { db: pgliteStore }
      : {
          connectionString: database.queueConnection.url,
          max: tuning.poolSize ?? 4,
          application_name: 'hubspot-cs-lifecycle jobs',
        };
  const boss = new PgBoss({
    ...connection,
    schema: jobQueueSchema,
    supervise: working,
    schedule: schedules.length > 0,
    maintenanceIntervalSeconds: tuning.maintenanceIntervalSeconds ?? 30,
  });
  boss.on('error', (error) => logger.error({ err: error }, 'job queue error'));
  await boss.start();

  const queues: PgBoss.Queue[] = [
    ...jobNames.flatMap((name): PgBoss.Queue[] => [
      { name: deadLetterQueueName(name), policy: 'standard' },
      queuePolicy(name, tuning),
    ]),
    ...schedules.map((schedule) => scheduleQueue(scheduleQueueName(schedule.name))),
  ];
  const createQueues = () => ensureQueues(boss, queues);
  // On the server, replicas starting together take turns (pg-boss's createQueue deadlocks otherwise), and a
  // deadlock with the running replicas' own work is retried; PGlite has one process.
  if (database.kind === 'postgres')
    await pRetry(() => withQueueSetupLock(database.db, createQueues), {
      retries: 4,
      minTimeout: 200,
      shouldRetry: ({ error }) => isDeadlock(error),
      onFailedAttempt: ({ error, retriesLeft }) => {
        if (isDeadlock(error)) logger.warn({ err: error, retriesLeft }, 'creating the job queues deadlocked, retrying');
      },
    });
  else await createQueues();

  let localWorkers: StartedWorkers | undefined;
  let liveness: RunnerLiveness | undefined;
  const send = async <Name extends JobName>(
    name: Name,
    data: JobData<Name>,
    sendOptions: SendOptions = {},
  ): Promise<void> => {
    const parsed = jobDataSchemas[name].parse(data) as JobData<Name>;
    const policy: JobPolicy<Name> = jobPolicies[name];
    const singletonKey = sendOptions.singletonKey ?? policy.singletonKey?.(parsed);
    const startAfter = sendOptions.startAfterSeconds;
    await boss.send(name, parsed, {
      ...(singletonKey === undefined ? {} : { singletonKey }),
      ...(startAfter ? { startAfter } : {}),
    });
    // A local worker picks the job up now instead of at its next poll.
    if (!startAfter) for (const workerId of localWorkers?.workerIds.get(name) ?? []) boss.notifyWorker(workerId);
  };

  if (working) {
    // On PGlite nothing else can hold the database: a job still marked running lost its process, retry it now.
    if (pgliteStore)
      await failOrphanedJobs(
        boss,
        database,
        [...jobNames, ...schedules.map((schedule) => scheduleQueueName(schedule.name))],
        logger,
      );
    // A schedule left by an earlier start whose kind this process no longer works would pile up jobs.
    for (const schedule of options.schedules ?? [])
      if (!handlers[schedule.name]) await boss.unschedule(scheduleQueueName(schedule.name));
    for (const schedule of schedules) {
      const queueName = scheduleQueueName(schedule.name);
      await boss.schedule(queueName, schedule.cron, {});
    }
    const fanOut = async (schedule: JobSchedule) => {
      if (!schedule.perPortal) return send(schedule.name, {});
      const uninstalled = await listUninstalledPortalIds(database.db);
      for (const portal of await listPortals(database.db)) {
        if (!uninstalled.has(portal.id)) await send(schedule.name, { portalId: portal.id });
      }
    };
    if (!pgliteStore) {
      liveness = await startRunnerLiveness({
        boss,
        db: database.db,
        logger,
        tuning: tuning.liveness ?? defaultLiveness,
        queues: [...jobNames, ...schedules.map((schedule) => scheduleQueueName(schedule.name))],
        failLost: async (job) => {
          if (job.retryCount < job.retryLimit && (await settleCoveredFailure(boss, database, job))) return;
          await boss.fail(job.name, job.id, { message: 'the process running this job stopped answering' });
        },
      });
    }
    localWorkers = await startWorkers(boss, {
      handlers,
      schedules,
      fanOut,
      logger,
      pollingIntervalSeconds: tuning.pollingIntervalSeconds ?? 2,
      sendLater: (name, data, startAfterSeconds) => send(name, data, { startAfterSeconds }),
      settleCoveredFailure: (job) => settleCoveredFailure(boss, database, job),
      ...(liveness ? { runs: liveness } : {}),
    });
  }

  let stopping: Promise<void> | undefined;
  return {
    send,
    async status() {
      const counts = await countJobsByState(database.db, [...jobNames, ...jobNames.map(deadLetterQueueName)]);
      const count = (queue: string, state: string) =>
        counts.find((row) => row.name === queue && row.state === state)?.count ?? 0;
      return jobNames.map((name) => ({
        name,
        waiting: count(name, 'created'),
        retrying: count(name, 'retry'),
        active: count(name, 'active'),
        completed: count(name, 'completed'),
        failed: count(name, 'failed'),
        deadLetters: count(deadLetterQueueName(name), 'created'),
      }));
    },
    deadLetters: () => listDeadLetters(database.db),
    retryDeadLetter: (id) => retryDeadLetter({ db: database.db, boss, send }, id),
    stop() {
      stopping ??= (async () => {
        const timeout = tuning.stopTimeoutMilliseconds ?? 30_000;
        await boss.stop({ graceful: true, wait: true, close: true, timeout });
        // pg-boss has failed what outlived the timeout into a retry; the handlers themselves get as long again.
        await Promise.race([localWorkers?.idle(), sleep(timeout, undefined, { ref: false })]);
        await liveness?.stop();
        // pg-boss marks the last jobs complete without awaiting it; let those statements finish before the database closes.
        await pgliteStore?.drain();
      })();
      return stopping;
    },
  };
}

/** A failed stately job whose key already waits to retry with the same data is cancelled: that retry does its work. */
async function settleCoveredFailure(
  boss: PgBoss,
  database: DatabaseHandle,
  job: PgBoss.JobWithMetadata<unknown>,
): Promise<boolean> {
  if (job.policy !== 'stately' || job.singletonKey === null) return false;
  if (!(await hasWaitingRetry(database.db, job.name, job.singletonKey, job.data, job.id))) return false;
  await boss.cancel(job.name, job.id);
  return true;
}

async function failOrphanedJobs(
  boss: PgBoss,
  database: DatabaseHandle,
  queues: string[],
  logger: Logger,
): Promise<void> {
  const orphans = await listActiveJobs(database.db, queues);
  for (const job of orphans) await boss.fail(job.name, job.id, { message: 'the process stopped while this job ran' });
  if (orphans.length > 0) logger.warn({ jobs: orphans.length }, 'jobs interrupted by the last stop will be retried');
}
