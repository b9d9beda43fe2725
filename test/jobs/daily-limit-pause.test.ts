import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/config/logger';
import type { DatabaseHandle } from '../../src/db/client';
import { DailyLimitReached } from '../../src/hubspot/limits/call-budget';
import { startJobQueue, type QueueTuning, type RunningJobQueue } from '../../src/jobs/start-job-queue';
import { databaseTargets } from '../support/databases';
import { waitUntil } from '../support/wait-until';
import { ifStarted } from '../support/if-started';

const logger = createLogger('silent');
const tuning: QueueTuning = {
  pollingIntervalSeconds: 0.5,
  retryLimit: 2,
  retryDelaySeconds: 1,
  stopTimeoutMilliseconds: 10_000,
};

describe.each(databaseTargets)("a job stopped by HubSpot's daily limit, on $name", (target) => {
  let handle: DatabaseHandle;
  let queue: RunningJobQueue | undefined;

  beforeAll(async () => {
    handle = await target.open();
  });
  afterEach(async () => queue?.stop());
  afterAll(async () => ifStarted(handle)?.close());

  it('is not retried nor failed: it runs again once the limit resets', async () => {
    const runs: { at: number; retryCount: number }[] = [];
    // Set by the first run, not before the queue starts: on a loaded machine starting it can take longer than 3 s.
    let resetAt: Date | undefined;
    queue = await startJobQueue({
      database: handle,
      logger,
      tuning,
      handlers: {
        'sync.incremental': ({ portalId }, context) => {
          runs.push({ at: Date.now(), retryCount: context.retryCount });
          resetAt ??= new Date(Date.now() + 3_000);
          return Date.now() < resetAt.getTime()
            ? Promise.reject(new DailyLimitReached(portalId, resetAt))
            : Promise.resolve();
        },
      },
    });
    await queue.send('sync.incremental', { portalId: 31 });
    await waitUntil(() => runs.length === 2, 'the job ran again after the reset', 20_000);
    expect(runs.map((run) => run.retryCount)).toEqual([0, 0]);
    expect(runs[1]?.at ?? 0).toBeGreaterThanOrEqual((resetAt?.getTime() ?? Infinity) - 1_000);
    const status = (await queue.status()).find((row) => row.name === 'sync.incremental');
    expect(status).toMatchObject({ failed: 0 });
    expect(await queue.deadLetters()).toEqual([]);
  });
});
