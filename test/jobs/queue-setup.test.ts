import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/config/logger';
import type { DatabaseHandle } from '../../src/db/client';
import { jobNames } from '../../src/jobs/job-definitions';
import { scheduleQueueName } from '../../src/jobs/job-schedules';
import { startJobQueue, type QueueTuning } from '../../src/jobs/start-job-queue';
import { databaseTargets } from '../support/databases';
import { ifStarted } from '../support/if-started';
import { rowsOf } from '../support/sql-rows';

interface QueueRow {
  readonly name: string;
  readonly policy: string;
  readonly retry_limit: number | null;
  readonly updated_on: string;
}

// A replica starting beside running ones used to write every queue row again, and those writes deadlocked with the
// running replicas' work (found by the soak): a start with unchanged settings now writes nothing.
describe.each(databaseTargets)('creating the job queues on $name', (target) => {
  let handle: DatabaseHandle;
  const logger = createLogger('silent');
  const schedules = [{ name: 'health.recompute', cron: '0 * * * *', perPortal: false }] as const;
  const start = async (tuning: QueueTuning) => {
    const queue = await startJobQueue({
      database: handle,
      logger,
      handlers: { 'health.recompute': async () => {} },
      schedules,
      tuning: { ...tuning, stopTimeoutMilliseconds: 1_000 },
    });
    await queue.stop();
  };
  const queues = async () =>
    new Map(
      rowsOf<QueueRow>(
        await handle.db.execute(
          sql`select name, policy, retry_limit, updated_on::text as updated_on from pgboss.queue`,
        ),
      ).map((row) => [row.name, row]),
    );

  beforeAll(async () => {
    handle = await target.open();
  });
  afterAll(async () => {
    await ifStarted(handle)?.close();
  });

  it('creates each kind, its dead letters and its schedule, leaves them alone when unchanged, and applies a changed retry limit', async () => {
    await start({ retryLimit: 2 });
    const created = await queues();
    for (const name of jobNames) {
      expect(created.get(name)).toMatchObject({ retry_limit: 2 });
      expect(created.get(`${name}.dead-letter`)).toMatchObject({ policy: 'standard' });
    }
    expect(created.get(scheduleQueueName('health.recompute'))).toMatchObject({ policy: 'stately', retry_limit: 2 });

    await start({ retryLimit: 2 });
    expect(await queues()).toEqual(created);

    await start({ retryLimit: 3 });
    const changed = await queues();
    for (const name of jobNames) {
      expect(changed.get(name)?.retry_limit).toBe(3);
      expect(changed.get(name)?.updated_on).not.toBe(created.get(name)?.updated_on);
      expect(changed.get(`${name}.dead-letter`)).toEqual(created.get(`${name}.dead-letter`));
    }
    expect(changed.get(scheduleQueueName('health.recompute'))).toEqual(
      created.get(scheduleQueueName('health.recompute')),
    );
  }, 60_000);
});
