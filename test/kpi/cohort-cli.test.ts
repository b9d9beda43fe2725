import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Contract } from '../../src/domain/contracts/contract-schema';
import { computeCohortRetention } from '../../src/domain/kpi/cohort-retention';
import type { CohortCut } from '../../src/domain/kpi/cohort-triangle';
import { generateDemoPortfolio } from '../../src/sandbox/demo/generate-demo-portfolio';
import type { Fixture } from '../../src/sandbox/fixture-schema';
import { loadFixtureFile } from '../../src/sandbox/load-fixture';
import { cohortWithoutReasons, toCohortGroupReports } from '../../src/services/kpi/cohort-report';
import { referenceContracts } from '../demo/reference-contracts';
import { smallPortfolioPath } from '../fixtures/small-portfolio.expected';
import { expectedSmallPortfolioRows, expectRowsToMatch } from './small-portfolio-report';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');

async function cli(entry: string, args: string[]): Promise<{ stdout: string; stderr: string }> {
  return run(process.execPath, ['--import', 'tsx', entry, ...args], {
    cwd: root,
    env: { ...process.env, LOG_LEVEL: 'warn', DATABASE_URL: '' },
    maxBuffer: 16 * 1024 * 1024,
  });
}

/** The triangle from the test's own reading of the fixture's deals (not the sync's contracts), as the CLI prints it. */
function referenceTriangle(fixture: Fixture, request: { from: string; to: string; asOfDate: string; cut?: CohortCut }) {
  const contracts: Contract[] = referenceContracts(fixture).flatMap((contract) =>
    contract.companyId === undefined
      ? []
      : [
          {
            dealId: contract.dealId,
            companyId: contract.companyId,
            kind: 'new',
            product: contract.product,
            mrrMinor: contract.mrrCents,
            startDate: contract.startDate,
            endDate: contract.endDate,
            seats: null,
            closeDate: contract.startDate,
          },
        ],
  );
  const companies = fixture.companies.map((company) => ({
    id: company.id,
    ownerId: company.properties.hubspot_owner_id ?? null,
    industry: company.properties.industry ?? null,
    tier: company.properties.cs_tier ?? null,
    lifecycleStage: null,
  }));
  return toCohortGroupReports(computeCohortRetention({ companies, contracts }, request), 2);
}

/** CSV text back to the JSON values: empty is null, numbers and booleans as such. */
function csvRecords(csv: string, textColumns: readonly string[] = []): Record<string, unknown>[] {
  const records = parse<Record<string, string>>(csv, { columns: true });
  const value = (text: string) =>
    text === ''
      ? null
      : text === 'true'
        ? true
        : text === 'false'
          ? false
          : /^-?\d+(\.\d+)?$/.test(text)
            ? Number(text)
            : text;
  return records.map((record) =>
    Object.fromEntries(
      Object.entries(record).map(([key, text]) => [key, textColumns.includes(key) && text !== '' ? text : value(text)]),
    ),
  );
}

describe('npm run cohorts and CSV from the CLIs', () => {
  let directory: string;
  beforeAll(async () => {
    directory = await mkdtemp(path.join(tmpdir(), 'cohort-cli-'));
  });
  afterAll(async () => rm(directory, { recursive: true, force: true }));

  it(
    "prints the demo portfolio's triangle as JSON alone on stdout, equal to an independent computation",
    { timeout: 240_000 },
    async () => {
      const demoPath = path.join(directory, 'demo.json');
      const demo = generateDemoPortfolio({ seed: 8, companies: 24 });
      await writeFile(demoPath, JSON.stringify(demo));
      const request = { from: '2024-01', to: '2026-12', asOfDate: '2026-10-20' };
      const { stdout } = await cli('src/cli/cohorts.ts', [
        '--fixture',
        demoPath,
        '--from',
        request.from,
        '--to',
        request.to,
        '--as-of',
        request.asOfDate,
        '--json',
      ]);
      const report = JSON.parse(stdout) as { cohorts: { months: { partial: boolean }[] }[] };
      expect(Object.keys(report)).toEqual(['cohorts']);
      expect(report.cohorts).toEqual(referenceTriangle(demo, request)[0]?.cohorts.map(cohortWithoutReasons));
      expect(report.cohorts.length).toBeGreaterThan(3);
      expect(report.cohorts[0]?.months.at(-1)?.partial).toBe(true);
    },
  );

  it('prints the cohorts cut by owner as CSV, a record per cohort and month', { timeout: 240_000 }, async () => {
    const fixture = await loadFixtureFile(smallPortfolioPath.pathname);
    const request = { from: '2025-01', to: '2026-08', asOfDate: '2026-08-10', cut: 'owner' as const };
    const { stdout } = await cli('src/cli/cohorts.ts', [
      '--fixture',
      smallPortfolioPath.pathname,
      '--from',
      request.from,
      '--to',
      request.to,
      '--as-of',
      request.asOfDate,
      '--cut',
      'owner',
      '--csv',
    ]);
    expect(
      stdout.startsWith(
        'owner,cohort,size,startMrr,offset,month,partial,customers,logoRetention,mrr,revenueRetention\r\n',
      ),
    ).toBe(true);
    const expected = referenceTriangle(fixture, request).flatMap((group) =>
      group.cohorts.flatMap((cohort) =>
        cohort.months.map(({ noValue: _reasons, ...month }) => ({
          owner: group.group,
          cohort: cohort.cohort,
          size: cohort.size,
          startMrr: cohort.startMrr,
          ...month,
        })),
      ),
    );
    expect(expected.length).toBeGreaterThan(5);
    expect(csvRecords(stdout, ['owner'])).toEqual(expected);
  });

  it('prints the KPI report as CSV with the fields and figures of --json', { timeout: 240_000 }, async () => {
    const { stdout } = await cli('src/cli/kpi.ts', [
      '--fixture',
      smallPortfolioPath.pathname,
      '--from',
      '2025-11',
      '--to',
      '2026-08',
      '--csv',
    ]);
    expect(stdout.split('\r\n')[0]?.startsWith('period,customersStart,customersEnd')).toBe(true);
    expectRowsToMatch(csvRecords(stdout).slice(2, 8), expectedSmallPortfolioRows());
    await expect(
      cli('src/cli/kpi.ts', ['--from', '2026-01', '--to', '2026-02', '--csv', '--json']),
    ).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining('--json and --csv') });
  });
});
