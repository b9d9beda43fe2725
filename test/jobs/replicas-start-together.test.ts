import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/config/logger';
import { openDatabase } from '../../src/db/client';
import { startJobQueue } from '../../src/jobs/start-job-queue';
import { createServerDatabase, postgresServerAvailable } from '../support/databases';

// Found by the soak (npm run soak): two `npm start` on one fresh database both create the queues at once, and
// pg-boss's createQueue deadlocked one of them ("deadlock detected"), which then exited.
describe.skipIf(!postgresServerAvailable)('replicas starting together on a fresh Postgres database', () => {
  it('both start their job queues', async () => {
    const server = await createServerDatabase();
    const databases = await Promise.all([0, 1, 2].map(() => openDatabase({ databaseUrl: server.url, poolSize: 2 })));
    try {
      const started = await Promise.allSettled(
        databases.map((database) => startJobQueue({ database, logger: createLogger('silent'), handlers: {} })),
      );
      for (const result of started) if (result.status === 'fulfilled') await result.value.stop();
      expect(started.map((result) => (result.status === 'rejected' ? String(result.reason) : 'started'))).toEqual([
        'started',
        'started',
        'started',
      ]);
    } finally {
      for (const database of databases) await database.close();
      await server.drop();
    }
  }, 60_000);
});
