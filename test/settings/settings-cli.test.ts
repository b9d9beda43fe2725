import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/config/logger';
import { openDatabase } from '../../src/db/client';
import { startJobQueue } from '../../src/jobs/start-job-queue';
import { generateDemoPortfolio } from '../../src/sandbox/demo/generate-demo-portfolio';
import { runKpiCommand } from '../../src/cli/kpi-command';
import { runSettingsCommand } from '../../src/cli/settings-command';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');
const portalId = 4242;

function cli(entry: string, args: string[], env: Record<string, string> = {}) {
  return run(process.execPath, ['--import', 'tsx', entry, ...args], {
    cwd: root,
    env: { ...process.env, LOG_LEVEL: 'silent', DATABASE_URL: '', ...env },
    maxBuffer: 16 * 1024 * 1024,
  });
}

describe('npm run settings and npm run kpi -- --settings', () => {
  let directory: string;
  let dataDir: string;
  // The command in this process (no tsx start per call); one call below goes through the CLI's process for its exit code.
  const settings = async (args: string[]) => {
    let stdout = '';
    let stderr = '';
    const code = await runSettingsCommand(
      args,
      { ...process.env, LOG_LEVEL: 'silent', DATABASE_URL: '', DATA_DIR: dataDir },
      { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text) },
    );
    return { code, stdout, stderr };
  };
  const file = (name: string, body: unknown) =>
    writeFile(path.join(directory, name), JSON.stringify(body)).then(() => path.join(directory, name));

  beforeAll(async () => {
    directory = await mkdtemp(path.join(tmpdir(), 'settings-cli-'));
    dataDir = path.join(directory, 'data');
    const handle = await openDatabase({ dataDir });
    await handle.db.execute(sql`insert into portals (id, name, time_zone) values (${portalId}, 'cli', 'UTC')`);
    await handle.close();
  }, 60_000);
  afterAll(async () => rm(directory, { recursive: true, force: true }));

  it('sets a kind from a file, records who, queues the rescoring, and gets it back', { timeout: 120_000 }, async () => {
    const weights = await file('health.json', {
      profiles: { default: { usage: 50, engagement: 10, breadth: 10, onboarding: 10, sentiment: 10, commercial: 10 } },
    });
    const set = await settings(['set', 'health', weights]);
    expect(set.code).toBe(0);
    expect(JSON.parse(set.stdout)).toMatchObject({
      portalId,
      kind: 'health',
      version: 1,
      updatedBy: expect.stringMatching(/^cli \(/),
    });
    expect(set.stderr).toContain('Queued a health recompute');
    const got = JSON.parse((await settings(['get', 'health', '--portal', String(portalId), '--history', '3'])).stdout);
    expect(got.settings.profiles.default.usage).toBe(50);
    expect(got.settings.bands).toEqual({ yellowFrom: 40, greenFrom: 70 });
    expect(got.history).toHaveLength(1);
    const handle = await openDatabase({ dataDir });
    try {
      const queue = await startJobQueue({ database: handle, logger: createLogger('silent') });
      const counts = await queue.status();
      await queue.stop();
      expect(counts.find((row) => row.name === 'health.recompute')?.waiting).toBe(1);
    } finally {
      await handle.close();
    }
  });

  it('refuses a bad file, names the field, and changes nothing', { timeout: 120_000 }, async () => {
    const bad = await file('bad.json', { bands: { yellowFrom: 'forty' } });
    expect(await settings(['set', 'health', bad])).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('bands.yellowFrom'),
    });
    await expect(cli('src/cli/settings.ts', ['set', 'colour', bad], { DATA_DIR: dataDir })).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining('Unknown kind'),
    });
    const got = JSON.parse((await settings(['get', 'health'])).stdout);
    expect(got.version).toBe(1);
  });

  it(
    'applies a KPI settings file to a fixture run, and names a wrong field before loading anything',
    { timeout: 240_000 },
    async () => {
      // A demo portfolio with contracts starting on a month's first day: where the two boundaries tell apart.
      const demo = await file('demo.json', generateDemoPortfolio({ seed: 8, companies: 16 }));
      const startsAndEnds = async (settings: unknown) => {
        let stdout = '';
        await runKpiCommand(
          [
            '--fixture',
            demo,
            '--from',
            '2025-01',
            '--to',
            '2026-10',
            '--json',
            '--settings',
            await file('kpi.json', settings),
          ],
          { ...process.env, LOG_LEVEL: 'silent', DATABASE_URL: '' },
          { stdout: (text) => (stdout += text), stderr: () => undefined },
        );
        const periods = (JSON.parse(stdout) as { periods: Array<{ customersStart: number; customersEnd: number }> })
          .periods;
        return periods
          .slice(1)
          .map((period, index) => ({ start: period.customersStart, endBefore: periods[index]?.customersEnd }));
      };
      // Measured on the previous period's last day, each period starts with the customers the one before ended with.
      const previousDay = await startsAndEnds({
        periodStartBoundary: 'previous-day',
        lifetimeValue: { grossMarginPercent: 75 },
      });
      for (const period of previousDay) expect(period.start).toBe(period.endBefore);
      const firstDay = await startsAndEnds({ periodStartBoundary: 'first-day' });
      expect(firstDay.some((period) => period.start !== period.endBefore)).toBe(true);
      const wrong = await file('wrong.json', { lifetimeValue: { grossMarginPercent: 175 } });
      await expect(
        cli('src/cli/kpi.ts', ['--fixture', demo, '--from', '2025-11', '--to', '2026-08', '--settings', wrong]),
      ).rejects.toMatchObject({
        code: 2,
        stderr: expect.stringContaining('lifetimeValue.grossMarginPercent'),
      });
    },
  );
});
