import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/config/logger';
import { createHubSpotClient } from '../../src/hubspot/client';
import type { DatabaseHandle } from '../../src/db/client';
import type { JobHandlers } from '../../src/jobs/job-definitions';
import { jobSchedules } from '../../src/jobs/job-schedules';
import { NotInstalledError, ReinstallRequiredError } from '../../src/services/install/install-errors';
import { startJobQueue, type QueueTuning, type RunningJobQueue } from '../../src/jobs/start-job-queue';
import { databaseTargets } from '../support/databases';
import { waitUntil } from '../support/wait-until';
import { ifStarted } from '../support/if-started';
import { closedPort } from '../support/closed-port';

const logger = createLogger('silent');
const tuning: QueueTuning = {
  pollingIntervalSeconds: 0.5,
  retryLimit: 2,
  retryDelaySeconds: 1,
  stopTimeoutMilliseconds: 10_000,
};

describe.each(databaseTargets)('durable job queue on $name', (target) => {
  let handle: DatabaseHandle;
  const running: RunningJobQueue[] = [];
  const start = async (
    handlers: JobHandlers = {},
    schedules: Parameters<typeof startJobQueue>[0]['schedules'] = [],
  ) => {
    const queue = await startJobQueue({ database: handle, logger, handlers, schedules, tuning });
    running.push(queue);
    return queue;
  };
  const counts = async (queue: RunningJobQueue, name: string) =>
    (await queue.status()).find((row) => row.name === name);

  beforeAll(async () => {
    handle = await target.open();
  });
  afterEach(async () => {
    for (const queue of running.splice(0)) await queue.stop();
  });
  afterAll(async () => ifStarted(handle)?.close());

  it('runs a job with the data it was sent', async () => {
    const seen: unknown[] = [];
    const queue = await start({
      'handoff.deal': (data) => {
        seen.push(data);
        return Promise.resolve();
      },
    });
    await queue.send('handoff.deal', { portalId: 7, dealId: 'd-1' });
    await waitUntil(() => seen.length === 1, 'the job ran');
    expect(seen).toEqual([{ portalId: 7, dealId: 'd-1' }]);
    await waitUntil(async () => (await counts(queue, 'handoff.deal'))?.completed === 1, 'the job is complete');
  });

  it('rejects data that does not match the kind, naming the field', async () => {
    const queue = await start();
    await expect(queue.send('handoff.deal', { portalId: 7 } as never)).rejects.toThrow(/dealId/);
  });

  it('retries a failing job with growing delays, then lists it as a dead letter that can be retried', async () => {
    const attempts: Array<{ at: number; retryCount: number }> = [];
    let healthy = false;
    const queue = await start({
      'writeback.companies': (data, context) => {
        attempts.push({ at: Date.now(), retryCount: context.retryCount });
        return healthy ? Promise.resolve() : Promise.reject(new Error(`HubSpot refused portal ${data.portalId}`));
      },
    });
    await queue.send('writeback.companies', { portalId: 9, companyIds: ['c-1'] });
    await waitUntil(async () => (await queue.deadLetters()).length === 1, 'the job is a dead letter');

    expect(attempts.map((attempt) => attempt.retryCount)).toEqual([0, 1, 2]);
    const [first, second, third] = attempts.map((attempt) => attempt.at);
    // Backoff: at least retryDelay (1 s) before the first retry, at least twice that before the second.
    expect((second ?? 0) - (first ?? 0)).toBeGreaterThanOrEqual(1_000);
    expect((third ?? 0) - (second ?? 0)).toBeGreaterThanOrEqual(2_000);

    const [letter] = await queue.deadLetters();
    expect(letter).toMatchObject({
      name: 'writeback.companies',
      data: { portalId: 9, companyIds: ['c-1'] },
      error: 'HubSpot refused portal 9',
    });
    expect(await counts(queue, 'writeback.companies')).toMatchObject({ failed: 1, deadLetters: 1 });

    healthy = true;
    expect(await queue.retryDeadLetter(letter?.id ?? '')).toBe(true);
    await waitUntil(() => attempts.length === 4, 'the retried job ran');
    expect(attempts[3]?.retryCount).toBe(0);
    expect(await queue.deadLetters()).toEqual([]);
    expect(await queue.retryDeadLetter(letter?.id ?? '')).toBe(false);
    expect(await queue.retryDeadLetter('not-a-job-id')).toBe(false);
  });

  it('completes a job queued for a portal that has since uninstalled the app as skipped: no retry, no dead letter', async () => {
    const attempts: number[] = [];
    const queue = await start({
      'sync.full': (data, context) => {
        attempts.push(context.retryCount);
        // What the portal's HubSpot client answers once the uninstall is recorded.
        return Promise.reject(new ReinstallRequiredError(data.portalId, 'app_uninstalled'));
      },
      'portal.purge': (data) => Promise.reject(new NotInstalledError(data.portalId)),
    });
    await queue.send('sync.full', { portalId: 31 });
    await queue.send('portal.purge', { portalId: 32 });
    await waitUntil(
      async () =>
        (await counts(queue, 'sync.full'))?.completed === 1 && (await counts(queue, 'portal.purge'))?.completed === 1,
      'both jobs are complete',
    );
    expect(attempts).toEqual([0]);
    expect(await queue.deadLetters()).toEqual([]);
    expect(await counts(queue, 'sync.full')).toMatchObject({ retrying: 0, failed: 0, deadLetters: 0 });
  });

  it('keeps one waiting job per singleton key', async () => {
    const queue = await start();
    await queue.send('webhooks.process', { portalId: 1 });
    await queue.send('webhooks.process', { portalId: 1 });
    await queue.send('webhooks.process', { portalId: 2 });
    await queue.send('handoff.deal', { portalId: 1, dealId: 'a' }, { singletonKey: 'same' });
    await queue.send('handoff.deal', { portalId: 1, dealId: 'b' }, { singletonKey: 'same' });
    expect(await counts(queue, 'webhooks.process')).toMatchObject({ waiting: 2 });
    expect(await counts(queue, 'handoff.deal')).toMatchObject({ waiting: 1 });

    const processed: number[] = [];
    await start({
      'webhooks.process': (data) => {
        processed.push(data.portalId);
        return Promise.resolve();
      },
    });
    await waitUntil(() => processed.length === 2, 'both portals were processed');
    expect(processed.sort()).toEqual([1, 2]);
  });

  it('stop() waits for the job in progress, which completes', async () => {
    let release: () => void = () => undefined;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    let started = false;
    const queue = await start({
      'sync.incremental': async () => {
        started = true;
        await released;
      },
    });
    await queue.send('sync.incremental', { portalId: 3 });
    await waitUntil(() => started, 'the job started');

    let stopped = false;
    const stopping = queue.stop().then(() => {
      stopped = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(stopped).toBe(false);
    release();
    await stopping;

    const inspector = await start();
    expect(await counts(inspector, 'sync.incremental')).toMatchObject({
      completed: 1,
      active: 0,
      retrying: 0,
      failed: 0,
    });
  });

  it('schedules the kinds this process works, and only those', async () => {
    const schedules = jobSchedules({
      JOBS_INCREMENTAL_SYNC_CRON: '*/10 * * * *',
      JOBS_HEALTH_RECOMPUTE_CRON: '0 3 * * *',
      JOBS_JOURNAL_POLL_CRON: '* * * * *',
      JOBS_DIGESTS_CRON: '2 * * * *',
    });
    await start({ 'health.recompute': () => Promise.resolve() }, schedules);
    const result = await handle.db.execute(sql`select name, cron from pgboss.schedule order by name`);
    expect((result as { rows: unknown[] }).rows).toEqual([{ name: 'health.recompute.schedule', cron: '0 3 * * *' }]);
  });
});

// On a database of its own: the job it fails for good stays a dead letter.
describe.each(databaseTargets)('a failed job in the log on $name', (target) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await target.open();
  });
  afterAll(async () => ifStarted(handle)?.close());

  it('logs a job that could not reach HubSpot with what to check, in words', async () => {
    const lines: string[] = [];
    const port = await closedPort();
    const queue = await startJobQueue({
      database: handle,
      logger: createLogger('warn', { write: (line: string) => lines.push(line) }),
      handlers: {
        'writeback.companies': async () => {
          const client = createHubSpotClient({
            accessToken: 'pat-na1-test',
            baseUrl: `http://127.0.0.1:${port}`,
            requestsPer10Seconds: 100,
          });
          await client.crm.properties.coreApi.getAll('companies');
        },
      },
      schedules: [],
      tuning: { ...tuning, retryLimit: 0 },
    });
    try {
      await queue.send('writeback.companies', { portalId: 9, companyIds: ['c-1'] });
      await waitUntil(() => lines.some((line) => line.includes('job failed for good')), 'the failure is logged');
    } finally {
      await queue.stop();
    }
    const failure = z
      .object({ msg: z.string(), job: z.string(), reason: z.string() })
      .parse(JSON.parse(lines.find((line) => line.includes('job failed for good')) ?? '{}'));
    expect(failure.job).toBe('writeback.companies');
    expect(failure.reason).toBe(
      `Could not reach HubSpot at http://127.0.0.1:${port}: nothing accepts connections at that address. Check this machine's network, proxy and firewall (and HUBSPOT_BASE_URL if it is set).`,
    );
  });
});
