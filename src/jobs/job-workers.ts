import type PgBoss from 'pg-boss';
import type { Logger } from '../config/logger';
import { hubSpotFailureInWords } from '../hubspot/failure-words';
import { DailyLimitReached } from '../hubspot/limits/call-budget';
import { isPortalUninstalled } from '../services/install/install-errors';
import {
  jobDataSchemas,
  jobNames,
  type JobContext,
  type JobData,
  type JobHandler,
  type JobHandlers,
  type JobName,
} from './job-definitions';
import { scheduleQueueName, type JobSchedule } from './job-schedules';

export interface WorkerOptions {
  readonly handlers: JobHandlers;
  readonly schedules: readonly JobSchedule[];
  /** Turns a cron tick into jobs of the scheduled kind. */
  readonly fanOut: (schedule: JobSchedule) => Promise<void>;
  readonly logger: Logger;
  readonly pollingIntervalSeconds: number;
  /** Sends the job again to start later: how a job paused by HubSpot's daily limit resumes after the reset. */
  readonly sendLater: <Name extends JobName>(
    name: Name,
    data: JobData<Name>,
    startAfterSeconds: number,
  ) => Promise<void>;
  /** Settles a failed job that a waiting retry of its key covers (true), so pg-boss does not fail it for good. */
  readonly settleCoveredFailure: (job: PgBoss.JobWithMetadata<unknown>) => Promise<boolean>;
  /** On the Postgres server: claims each job while it runs, so other replicas can tell when this one dies. */
  readonly runs?: { claim(queue: string, jobId: string): Promise<void>; release(jobId: string): Promise<void> };
}

type Work = (jobs: PgBoss.JobWithMetadata<unknown>[]) => Promise<void>;

export interface StartedWorkers {
  readonly workerIds: ReadonlyMap<string, readonly string[]>;
  /** Resolves when no handler is running (a fetch already under way when pg-boss stops can still start one). */
  idle(): Promise<void>;
}

/** One worker per handled kind and per schedule. */
export async function startWorkers(boss: PgBoss, options: WorkerOptions): Promise<StartedWorkers> {
  const workerIds = new Map<string, string[]>();
  const running = new Set<Promise<void>>();
  const start = async (queue: string, work: Work) => {
    // The callback may run before boss.work resolves; `const` would throw there (temporal dead zone).
    let workerId: string | undefined;
    // eslint-disable-next-line prefer-const -- declared apart from its one assignment so the callback can read it early
    workerId = await boss.work<unknown>(
      queue,
      { includeMetadata: true, batchSize: 1, pollingIntervalSeconds: options.pollingIntervalSeconds },
      async (jobs) => {
        const run = claimed(queue, jobs, work);
        running.add(run);
        try {
          await run;
        } finally {
          running.delete(run);
        }
        // There may be more waiting: fetch again now rather than after the polling interval.
        if (workerId && jobs.length > 0) boss.notifyWorker(workerId);
      },
    );
    workerIds.set(queue, [workerId]);
  };
  const claimed = async (queue: string, jobs: PgBoss.JobWithMetadata<unknown>[], work: Work) => {
    const { runs } = options;
    if (!runs) return work(jobs);
    for (const job of jobs) await runs.claim(queue, job.id);
    try {
      await work(jobs);
    } finally {
      for (const job of jobs) await runs.release(job.id);
    }
  };
  for (const name of jobNames) {
    const handler = options.handlers[name];
    if (handler) await start(name, (jobs) => runJobs(name, handler, jobs, options));
  }
  for (const schedule of options.schedules) {
    await start(scheduleQueueName(schedule.name), () => options.fanOut(schedule));
  }
  return {
    workerIds,
    async idle() {
      while (running.size > 0) await Promise.allSettled([...running]);
    },
  };
}

async function runJobs<Name extends JobName>(
  name: Name,
  handler: JobHandler<Name>,
  jobs: PgBoss.JobWithMetadata<unknown>[],
  options: WorkerOptions,
): Promise<void> {
  const { logger } = options;
  for (const job of jobs) {
    const context: JobContext = { jobId: job.id, retryCount: job.retryCount };
    let data: JobData<Name> | undefined;
    try {
      data = jobDataSchemas[name].parse(job.data) as JobData<Name>;
      await handler(data, context);
    } catch (error) {
      if (error instanceof DailyLimitReached && data !== undefined) {
        // Not a failure: no retry can succeed before the reset, so the job waits for it (jobs are idempotent).
        const startAfterSeconds = Math.max(1, Math.ceil((error.resetAt.getTime() - Date.now()) / 1000));
        await options.sendLater(name, data, startAfterSeconds);
        logger.warn(
          { job: name, jobId: job.id, portalId: error.portalId, resumesAt: error.resetAt.toISOString() },
          'HubSpot daily limit reached: job paused until the reset',
        );
        continue;
      }
      if (isPortalUninstalled(error)) {
        // Queued before the uninstall: no retry can reach the portal again, and nothing failed that a person must see.
        logger.info(
          { job: name, jobId: job.id, portalId: error.portalId, reason: error.message },
          'job skipped: the app is no longer installed in the portal',
        );
        continue;
      }
      const lastAttempt = job.retryCount >= job.retryLimit;
      // HubSpot out of reach or refusing the token says what to check; a stack trace alone does not.
      const reason = hubSpotFailureInWords(error);
      const failure = { err: error, job: name, jobId: job.id, retryCount: job.retryCount, ...(reason && { reason }) };
      if (!lastAttempt && (await options.settleCoveredFailure(job))) {
        logger.warn(failure, 'job failed: the retry already waiting for the same work will do it');
        continue;
      }
      logger.warn(
        failure,
        lastAttempt ? 'job failed for good: moved to the dead letters' : 'job failed: it will be retried',
      );
      throw error;
    }
  }
}
