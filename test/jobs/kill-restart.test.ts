import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { childStorages, killThenRestart } from '../support/kill-restart';

const total = 200;
const entry = 'test/jobs/support/idempotent-jobs-worker.ts';

describe.each(childStorages)('a worker process SIGKILLed mid-queue, on the $name', (storage) => {
  it("leaves every job's effect exactly once after a restart", async () => {
    const database = await storage.prepare();
    try {
      const { first, second, exitCode } = await killThenRestart({
        entry,
        env: database.env,
        firstArgs: ['--jobs', String(total), '--enqueue'],
        killWhen: /enqueued \d+\n[\s\S]*worked \d+/,
        secondArgs: ['--jobs', String(total)],
        timeoutMs: 90_000,
      });
      expect(exitCode, second.stderr()).toBe(0);
      expect(first.stdout()).not.toMatch(/finished/);
      const before = Number(/effects before (\d+)/.exec(second.stdout())?.[1]);
      // The kill landed mid-way: some effects were there, not all.
      expect(before).toBeGreaterThan(0);
      expect(before).toBeLessThan(total);
      expect(second.stdout()).toMatch(new RegExp(`finished with ${total} effects`));

      const handle = await database.open();
      try {
        const result = await handle.db.execute(
          sql`select count(*)::int as effects, count(distinct key)::int as keys from job_effects`,
        );
        expect((result as { rows: unknown[] }).rows[0]).toEqual({ effects: total, keys: total });
        const deadLetters = await handle.db.execute(
          sql`select count(*)::int as count from pgboss.job where name like '%.dead-letter'`,
        );
        expect((deadLetters as { rows: unknown[] }).rows[0]).toEqual({ count: 0 });
      } finally {
        await handle.close();
      }
    } finally {
      await database.cleanup();
    }
  }, 240_000);
});
