import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/config/logger';
import { openDatabase } from '../../src/db/client';
import { startJobQueue } from '../../src/jobs/start-job-queue';
import { createServerDatabase, postgresServerAvailable } from '../support/databases';
import { startAndKill } from '../support/kill-restart';
import { waitUntil } from '../support/wait-until';

describe.skipIf(!postgresServerAvailable)('a replica SIGKILLed while it runs a job, on the Postgres server', () => {
  it('has its job retried by another replica within seconds, long before the job would expire (15 minutes)', async () => {
    const server = await createServerDatabase();
    try {
      await startAndKill(
        'test/jobs/support/hanging-job-replica.ts',
        [],
        { DATABASE_URL: server.url },
        /running deal-of-the-dead-replica/,
        60_000,
      );
      const database = await openDatabase({ databaseUrl: server.url, poolSize: 2 });
      const worked: string[] = [];
      const queue = await startJobQueue({
        database,
        logger: createLogger('silent'),
        handlers: {
          'handoff.deal': (data) => {
            worked.push(data.dealId);
            return Promise.resolve();
          },
        },
        tuning: {
          pollingIntervalSeconds: 0.5,
          retryDelaySeconds: 1,
          expireInSeconds: 900,
          liveness: { heartbeatSeconds: 1, lostAfterSeconds: 3 },
        },
      });
      try {
        // Silent for 3 s, seen within a 1 s heartbeat, retried after 1-2 s: the wait allows for a busy machine, far
        // short of the 15 minutes after which pg-boss alone would retry it.
        await waitUntil(() => worked.length > 0, "the surviving replica ran the dead one's job", 60_000);
        expect(worked).toEqual(['deal-of-the-dead-replica']);
        await waitUntil(
          async () => (await queue.status()).find((row) => row.name === 'handoff.deal')?.completed === 1,
          'the job completed',
        );
        expect(await queue.deadLetters()).toEqual([]);
      } finally {
        await queue.stop();
        await database.close();
      }
    } finally {
      await server.drop();
    }
  }, 120_000);
});
