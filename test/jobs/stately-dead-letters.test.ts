import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/config/logger';
import type { DatabaseHandle } from '../../src/db/client';
import { startJobQueue } from '../../src/jobs/start-job-queue';
import { databaseTargets } from '../support/databases';
import { waitUntil } from '../support/wait-until';
import { ifStarted } from '../support/if-started';

describe.each(databaseTargets)("a stately queue's failures on $name", (target) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await target.open();
  });
  afterAll(async () => ifStarted(handle)?.close());

  it('writes no dead letter for a job with retries left whose key already waits to retry', async () => {
    let attempts = 0;
    // Retries far apart: the first job waits in `retry` while the second one runs and fails.
    const queue = await startJobQueue({
      database: handle,
      logger: createLogger('silent'),
      handlers: {
        'webhooks.process': () => {
          attempts += 1;
          return Promise.reject(new Error('HubSpot is down'));
        },
      },
      tuning: { pollingIntervalSeconds: 0.5, retryLimit: 3, retryDelaySeconds: 600, stopTimeoutMilliseconds: 5_000 },
    });
    try {
      const counts = async () => (await queue.status()).find((row) => row.name === 'webhooks.process');
      await queue.send('webhooks.process', { portalId: 7 });
      await waitUntil(async () => (await counts())?.retrying === 1, 'the first job waits to retry');
      // A new delivery for the same portal while the first waits: a second job of the same key runs and fails too.
      await queue.send('webhooks.process', { portalId: 7 });
      await waitUntil(() => attempts === 2, 'the second job ran');
      await waitUntil(async () => (await counts())?.active === 0, 'the second job is settled');
      expect(await queue.deadLetters()).toEqual([]);
      expect(await counts()).toMatchObject({ retrying: 1, failed: 0, deadLetters: 0 });
    } finally {
      await queue.stop();
    }
  });
});
