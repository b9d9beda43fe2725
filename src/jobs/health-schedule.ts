import type { Logger } from '../config/logger';
import type { Database } from '../db/client';
import { countScoresOn } from '../db/repositories/customer-success-health-repository';
import { listPortals } from '../db/repositories/portals-repository';
import { instantToLocalDate } from '../domain/time/time-zone';
import { recomputeHealth } from '../services/customer-success/recompute-health';

const dayMilliseconds = 24 * 60 * 60 * 1000;

/** How the schedule runs its work; an in-process timer today, a durable queue later. */
export interface JobRunner {
  every(intervalMilliseconds: number, work: () => Promise<void>): { stop(): Promise<void> };
}

/** The interval timer the in-process runner uses; tests pass one they fire by hand. */
export interface IntervalTimer {
  start(callback: () => void, intervalMilliseconds: number): { cancel(): void };
}

export const systemTimer: IntervalTimer = {
  start(callback, intervalMilliseconds) {
    const timer = setInterval(callback, intervalMilliseconds);
    // The schedule never keeps the process alive: the HTTP server does.
    timer.unref();
    return { cancel: () => clearInterval(timer) };
  },
};

/** Runs `work` now and then every interval; never two at once; stop() waits for a running one. */
export function createInProcessRunner(timer: IntervalTimer = systemTimer): JobRunner {
  return {
    every(intervalMilliseconds, work) {
      let running: Promise<void> = Promise.resolve();
      let stopped = false;
      const tick = () => {
        if (stopped) return;
        running = running.then(work);
      };
      const interval = timer.start(tick, intervalMilliseconds);
      tick();
      return {
        async stop() {
          stopped = true;
          interval.cancel();
          await running;
        },
      };
    },
  };
}

export const inProcessRunner: JobRunner = createInProcessRunner();

export interface HealthScheduleOptions {
  readonly db: Database;
  readonly logger: Logger;
  readonly runner?: JobRunner;
  readonly intervalMilliseconds?: number;
  /** Injected for tests. */
  readonly now?: () => number;
}

/** Scores each portal whose scores for its local today are missing; one failing portal does not stop the others. */
export async function recomputeMissingScores(options: Pick<HealthScheduleOptions, 'db' | 'logger' | 'now'>): Promise<number> {
  const { db, logger } = options;
  let recomputed = 0;
  for (const portal of await listPortals(db)) {
    const today = instantToLocalDate((options.now ?? Date.now)(), portal.timeZone);
    if ((await countScoresOn(db, portal.id, today)) > 0) continue;
    try {
      const started = Date.now();
      const result = await recomputeHealth(db, portal.id, today);
      recomputed += 1;
      logger.info({ portalId: portal.id, asOf: today, scored: result.scored, milliseconds: Date.now() - started }, 'health scores recomputed');
    } catch (error) {
      logger.error({ portalId: portal.id, asOf: today, err: error }, 'health recompute failed');
    }
  }
  return recomputed;
}

/**
 * Daily health recompute: at start-up when today's scores are missing, then every 24 hours.
 * Returns a handle whose stop() waits for a run in progress.
 */
export function startHealthSchedule(options: HealthScheduleOptions): { stop(): Promise<void> } {
  const runner = options.runner ?? inProcessRunner;
  return runner.every(options.intervalMilliseconds ?? dayMilliseconds, async () => {
    // A rejected run would leave the runner's chain rejected and skip every later day.
    try {
      await recomputeMissingScores(options);
    } catch (error) {
      options.logger.error({ err: error }, 'health schedule run failed');
    }
  });
}
