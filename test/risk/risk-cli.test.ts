import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { backtestReportSchema } from '../../src/services/risk/backtest-report';
import { smallPortfolioPath } from '../fixtures/small-portfolio.expected';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');

function riskCli(args: string[]) {
  return run(process.execPath, ['--import', 'tsx', 'src/cli/risk.ts', ...args], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: '' },
    maxBuffer: 16 * 1024 * 1024,
  });
}

describe('npm run risk -- backtest', () => {
  it('prints the backtest report as JSON with the fields the issue names', { timeout: 120_000 }, async () => {
    const { stdout } = await riskCli(['backtest', '--demo', '--companies', '600', '--json']);
    const report = backtestReportSchema.parse(JSON.parse(stdout));
    expect(Object.keys(JSON.parse(stdout))).toEqual(
      expect.arrayContaining(['auc', 'topDecileLift', 'brier', 'calibration', 'baseline', 'renewals']),
    );
    expect(Object.keys(report.calibration[0] ?? {})).toEqual(['decile', 'predicted', 'observed', 'count']);
    expect(report.baseline).toEqual(
      expect.objectContaining({
        auc: expect.any(Number),
        topDecileLift: expect.any(Number),
        brier: expect.any(Number),
      }),
    );
    expect(report.renewals).toBeGreaterThan(500);
  });

  it(
    'falls back to the health score on a fixture with few renewals, and says so in the table',
    { timeout: 120_000 },
    async () => {
      const { stdout } = await riskCli(['backtest', '--fixture', smallPortfolioPath.pathname]);
      expect(stdout).toMatch(
        /^Method: health score \(rules\); skill: no \(only \d+ past renewals with a known outcome; a model needs at least 50/,
      );
      expect(stdout).toContain('Top-decile lift');
    },
  );

  it('rejects a bad invocation with the usage and exit code 2', { timeout: 120_000 }, async () => {
    const failure = await riskCli(['backtest', '--random-churn', '--fixture', 'x.json']).then(
      () => null,
      (error: unknown) => error,
    );
    expect(failure).toMatchObject({ code: 2, stderr: expect.stringContaining('--random-churn goes with --demo') });
  });

  it(
    'forecast prints the quarter in words and money, and the renewals with the most MRR at risk, without --json',
    { timeout: 120_000 },
    async () => {
      const { stdout } = await riskCli(['forecast', '--quarter', '2026-Q2', '--demo', '--companies', '600']);
      const { stdout: json } = await riskCli([
        'forecast',
        '--quarter',
        '2026-Q2',
        '--demo',
        '--companies',
        '600',
        '--json',
      ]);
      const forecast = JSON.parse(json) as { renewals: number; amountUpMinor: number; actualRenewedMinor: number };
      const dollars = (minor: number) => `$${(minor / 100).toLocaleString('en-US', { maximumFractionDigits: 2 })}`;
      expect(stdout).toMatch(/^Renewal forecast for Q2 2026 \(Apr–Jun\), as seen on Mar 31, 2026\n/);
      expect(stdout).toContain(
        `Renewals:           ${forecast.renewals}, ${dollars(forecast.amountUpMinor)} MRR up for renewal`,
      );
      expect(stdout).toMatch(/Expected to renew: +\$[\d,]+ MRR \(95% interval \$[\d,]+ to \$[\d,]+\)/);
      expect(stdout).toContain(`Outcome:            ${dollars(forecast.actualRenewedMinor)} MRR renewed;`);
      const riskiest = stdout.split('Most MRR at risk:\n')[1]?.trim().split('\n') ?? [];
      expect(riskiest).toHaveLength(10);
      for (const line of riskiest)
        expect(line.trim()).toMatch(
          /^[A-Z][a-z]{2} \d{1,2}, 2026 +Company \d+: \$[\d,.]+ MRR, \d+% chance of churn, (churned|renewed)$/,
        );
      expect(stdout).not.toMatch(/Minor|2026-0\d-\d\d/);
    },
  );

  it(
    'forecast prints the quarter with its interval and, once settled, what happened',
    { timeout: 120_000 },
    async () => {
      const { stdout } = await riskCli(['forecast', '--quarter', '2026-Q2', '--demo', '--companies', '600', '--json']);
      const forecast = JSON.parse(stdout) as Record<string, unknown>;
      expect(forecast).toMatchObject({
        quarter: '2026-Q2',
        forecastDate: '2026-03-31',
        actualRenewedMinor: expect.any(Number),
        withinInterval: expect.any(Boolean),
      });
      expect(Object.keys(forecast)).toEqual(
        expect.arrayContaining(['expectedRenewedMinor', 'intervalMinor', 'atRiskMinor', 'errorMinor']),
      );
    },
  );
});
