import { randomUUID } from 'node:crypto';
import type PgBoss from 'pg-boss';
import type { Logger } from '../config/logger';
import type { Database } from '../db/client';
import {
  beatRunner,
  claimOrphanedJobs,
  claimRun,
  deleteSilentRunners,
  forgetRunner,
  releaseRun,
  takeLostRuns,
} from '../db/repositories/job-runners-repository';

export interface LivenessTuning {
  /** How often a working replica marks itself alive and looks for the jobs of replicas that stopped. */
  readonly heartbeatSeconds: number;
  /** A replica silent this long has died: its running jobs are failed into a retry (bound: this plus one heartbeat). */
  readonly lostAfterSeconds: number;
}

export const defaultLiveness: LivenessTuning = { heartbeatSeconds: 5, lostAfterSeconds: 20 };

export interface RunnerLiveness {
  claim(queue: string, jobId: string): Promise<void>;
  release(jobId: string): Promise<void>;
  stop(): Promise<void>;
}

export interface LivenessOptions {
  readonly boss: PgBoss;
  readonly db: Database;
  readonly logger: Logger;
  /** The queues whose running jobs replicas watch for one another. */
  readonly queues: readonly string[];
  readonly tuning: LivenessTuning;
  /** Fails a lost job into a retry, or settles it when a waiting retry of its key covers it. */
  readonly failLost: (job: PgBoss.JobWithMetadata<unknown>) => Promise<void>;
}

/**
 * pg-boss 10 notices a dead worker only when its job expires (minutes to hours) and has no heartbeat. Each working
 * replica beats a row and claims the jobs it runs; every replica fails the jobs of a silent one into a retry.
 */
export async function startRunnerLiveness(options: LivenessOptions): Promise<RunnerLiveness> {
  const { boss, db, logger, queues, tuning } = options;
  const runnerId = randomUUID();
  await beatRunner(db, runnerId);
  let ticking: Promise<void> | undefined;
  const tick = async () => {
    await beatRunner(db, runnerId);
    await claimOrphanedJobs(db, queues, tuning.lostAfterSeconds);
    for (const run of await takeLostRuns(db, tuning.lostAfterSeconds)) {
      const job = await boss.getJobById<unknown>(run.queue, run.jobId);
      if (job?.state !== 'active') continue;
      await options.failLost(job);
      logger.warn({ job: run.queue, jobId: run.jobId }, "a job's process stopped answering: the job will be retried");
    }
    await deleteSilentRunners(db, tuning.lostAfterSeconds * 3);
  };
  const timer = setInterval(() => {
    ticking ??= tick()
      .catch((error: unknown) => logger.error({ err: error }, 'job liveness check failed'))
      .finally(() => {
        ticking = undefined;
      });
  }, tuning.heartbeatSeconds * 1000);
  timer.unref();
  return {
    claim: (queue, jobId) => claimRun(db, runnerId, queue, jobId),
    release: (jobId) => releaseRun(db, runnerId, jobId),
    async stop() {
      clearInterval(timer);
      await ticking;
      await forgetRunner(db, runnerId);
    },
  };
}
