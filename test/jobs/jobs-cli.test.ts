import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/config/logger';
import { startJobQueue } from '../../src/jobs/start-job-queue';
import { startCli } from '../support/cli-process';
import { runJobs } from '../support/jobs-command';
import { childStorages } from '../support/kill-restart';
import { waitUntil } from '../support/wait-until';

const logger = createLogger('silent');

async function runJobsCli(args: string[], env: Record<string, string>) {
  const cli = startCli('src/cli/jobs.ts', args, env);
  return { code: await cli.exited(), stdout: cli.stdout(), stderr: cli.stderr() };
}

describe.each(childStorages)('npm run jobs on the $name', (storage) => {
  it('lists a dead letter, retries it, and shows the counts', async () => {
    const database = await storage.prepare();
    try {
      const handle = await database.open();
      try {
        const queue = await startJobQueue({
          database: handle,
          logger,
          handlers: {
            'handoff.deal': () => Promise.reject(new Error('HubSpot is down')),
          },
          tuning: { pollingIntervalSeconds: 0.5, retryLimit: 0 },
        });
        await queue.send('handoff.deal', { portalId: 5, dealId: 'd-9' });
        await waitUntil(async () => (await queue.deadLetters()).length === 1, 'the job is a dead letter');
        await queue.stop();
      } finally {
        await handle.close();
      }

      const listed = await runJobs(['dead-letters', '--json'], database.env);
      expect(listed.code, listed.stderr).toBe(0);
      const letters = JSON.parse(listed.stdout) as Array<{ id: string; name: string; data: unknown; error: string }>;
      expect(letters).toEqual([
        expect.objectContaining({
          name: 'handoff.deal',
          data: { portalId: 5, dealId: 'd-9' },
          error: 'HubSpot is down',
        }),
      ]);

      // Through the CLI's own process once: a usage error exits with 2 and says why.
      const unknown = await runJobsCli(['retry', '00000000-0000-4000-8000-000000000000'], database.env);
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toMatch(/No dead letter/);

      const retried = await runJobs(['retry', letters[0]?.id ?? ''], database.env);
      expect(retried.code, retried.stderr).toBe(0);

      const status = await runJobs(['status', '--json'], database.env);
      expect(status.code, status.stderr).toBe(0);
      const rows = JSON.parse(status.stdout) as Array<{
        name: string;
        waiting: number;
        failed: number;
        deadLetters: number;
      }>;
      expect(rows.find((row) => row.name === 'handoff.deal')).toMatchObject({ waiting: 1, failed: 1, deadLetters: 0 });
      expect((await runJobs(['dead-letters', '--json'], database.env)).stdout.trim()).toBe('[]');
    } finally {
      await database.cleanup();
    }
  }, 240_000);
});
