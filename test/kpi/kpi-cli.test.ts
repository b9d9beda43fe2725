import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runKpiCommand } from '../../src/cli/kpi-command';
import { generateDemoPortfolio } from '../../src/sandbox/demo/generate-demo-portfolio';
import { loadFixtureFile } from '../../src/sandbox/load-fixture';
import { smallPortfolioPath } from '../fixtures/small-portfolio.expected';
import { referenceMonthlyRows } from './reference-kpis';
import { expectedSmallPortfolioRows, expectRowsToMatch } from './small-portfolio-report';

const run = promisify(execFile);
// Fixed, so the figures do not move with the calendar; every month asked for has ended by then.
const asOf = '2026-11-15';
const root = path.resolve(import.meta.dirname, '../..');

async function kpiCli(args: string[]): Promise<{ stdout: string; stderr: string }> {
  return run(process.execPath, ['--import', 'tsx', 'src/cli/kpi.ts', ...args], {
    cwd: root,
    env: { ...process.env, LOG_LEVEL: 'info', DATABASE_URL: '' },
    maxBuffer: 16 * 1024 * 1024,
  });
}

/** The command in this process, without a tsx start; the spawned runs keep its logging and its usage exit code covered. */
async function kpiCommand(args: string[]): Promise<{ stdout: string }> {
  let stdout = '';
  await runKpiCommand(
    args,
    { ...process.env, LOG_LEVEL: 'silent', DATABASE_URL: '' },
    { stdout: (text) => (stdout += text), stderr: () => undefined },
  );
  return { stdout };
}

/** The small portfolio's March and April 2026 as a table, with `options` added. */
function marchAndApril(...options: string[]): Promise<{ stdout: string }> {
  return kpiCommand(['--fixture', smallPortfolioPath.pathname, '--from', '2026-03', '--to', '2026-04', ...options]);
}

describe('npm run kpi', () => {
  let directory: string;
  beforeAll(async () => {
    directory = await mkdtemp(path.join(tmpdir(), 'kpi-cli-'));
  });
  afterAll(async () => rm(directory, { recursive: true, force: true }));

  // Each run starts a fresh embedded database and a sandbox, and syncs: allow for a busy machine.
  it(
    'prints JSON alone on stdout that matches the hand-checked figures and an independent reading of domain.md',
    { timeout: 240_000 },
    async () => {
      const { stdout, stderr } = await kpiCli([
        '--fixture',
        smallPortfolioPath.pathname,
        '--from',
        '2025-11',
        '--to',
        '2026-08',
        '--as-of',
        asOf,
        '--json',
      ]);
      const report = JSON.parse(stdout) as { asOf: string; periods: Record<string, unknown>[] };
      expect(Object.keys(report)).toEqual([
        'asOf',
        'currency',
        'customers',
        'customersNote',
        'renewalsNote',
        'periods',
      ]);
      expect(report).toMatchObject({ customers: 'each-company' });
      expect(report.asOf).toBe(asOf);
      expectRowsToMatch(report.periods.slice(2, 8), expectedSmallPortfolioRows());
      expectRowsToMatch(
        report.periods,
        referenceMonthlyRows(await loadFixtureFile(smallPortfolioPath.pathname), '2025-11', '2026-08', asOf),
      );
      expect(stderr).toContain('sync deals');
    },
  );

  it(
    'equals an independent computation of domain.md on a generated demo portfolio in another time zone',
    { timeout: 240_000 },
    async () => {
      const demoPath = path.join(directory, 'demo.json');
      const generated = generateDemoPortfolio({ seed: 8, companies: 16 });
      const demo = { ...generated, portal: { ...generated.portal, timeZone: 'Asia/Tokyo' } };
      await writeFile(demoPath, JSON.stringify(demo));
      const { stdout } = await kpiCommand([
        '--fixture',
        demoPath,
        '--from',
        '2025-01',
        '--to',
        '2026-10',
        '--as-of',
        asOf,
        '--json',
      ]);
      const periods = (JSON.parse(stdout) as { periods: Record<string, unknown>[] }).periods;
      expectRowsToMatch(periods, referenceMonthlyRows(demo, '2025-01', '2026-10', asOf));
      expect(periods.some((row) => typeof row.churnedCustomers === 'number' && row.churnedCustomers > 0)).toBe(true);
      expect(periods.some((row) => row.meanSessionMinutes !== null)).toBe(true);
    },
  );

  it('titles each group of a cut in words: the CSM by name, the tier by its label', { timeout: 240_000 }, async () => {
    const byOwner = await marchAndApril('--cut', 'owner');
    const titles = (stdout: string) => stdout.split('\n').filter((line) => /^[A-Z][\w ]*: /.test(line));
    expect(titles(byOwner.stdout).length).toBeGreaterThan(1);
    for (const title of titles(byOwner.stdout))
      expect(title).toMatch(/^CSM: (Hannah Schmidt|Lucas Moreau|Maya Okafor|Unassigned)$/);
    expect(byOwner.stdout).not.toMatch(/\b6120010\d\b/);
    const byTier = await marchAndApril('--cut', 'tier');
    for (const title of titles(byTier.stdout)) expect(title).toMatch(/^Tier: (Enterprise|Mid-market|SMB|No tier)$/);
  });

  it(
    'prints a readable table without --json, the running month marked, and names a bad option',
    { timeout: 240_000 },
    async () => {
      const { stdout } = await marchAndApril();
      expect(stdout).toMatch(/NRR\s+105\.85%\s+95\.39%/);
      expect(stdout).toMatch(/mean session minutes\s+-\s+-/);
      expect(stdout).toMatch(/ARPA\s+1,025\.76\s+1,085\.76/);
      expect(stdout).toMatch(/seat utilization\s+0%\s+0%/);
      expect(stdout).not.toContain('partial');
      const running = await kpiCommand([
        '--fixture',
        smallPortfolioPath.pathname,
        '--from',
        '2026-06',
        '--to',
        '2026-07',
        '--as-of',
        '2026-07-10',
      ]);
      expect(running.stdout).toMatch(/^\s+2026-06\s+2026-07\*$/m);
      expect(running.stdout).toContain('* partial: the period is still running, figures as of 2026-07-10');
      await expect(
        kpiCli(['--fixture', smallPortfolioPath.pathname, '--from', '2026-3', '--to', '2026-04']),
      ).rejects.toMatchObject({
        code: 2,
        stderr: expect.stringContaining('--from'),
      });
    },
  );
});
