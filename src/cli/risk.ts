import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { renewalForecast } from '../domain/risk/renewal-forecast';
import { healthSettingsSchema } from '../domain/health/health-settings';
import { calendarDateSchema } from '../domain/time/calendar-date';
import { periodFromLabel } from '../domain/time/periods';
import { generateChurnHistories } from './churn-history';
import { fixtureSchema } from '../sandbox/fixture-schema';
import { riskSettingsSchema } from '../domain/risk/risk-settings';
import { buildBacktestReport, type BacktestReport } from '../services/risk/backtest-report';
import { fixtureHistories } from './risk-fixture';
import { forecastText } from './risk-forecast-text';
import { runCli, UsageError } from './run-cli';

const usage = `Usage:
  npm run risk -- backtest (--fixture FILE | --demo [--random-churn] [--companies N] [--seed S]) [--as-of YYYY-MM-DD] [--lead-days 90] [--json]
  npm run risk -- forecast --quarter 2026-Q2 (--fixture FILE | --demo ...) [--as-of YYYY-MM-DD] [--json]
Backtests the churn-risk model out of time: retrained each quarter on the renewals settled before it, it
scores the next quarter's renewals from features as of (renewal date - lead days); the same figures for the
rules-based health score are the baseline. forecast: the quarter's renewals as seen the day before it,
the MRR expected to renew with a 95% interval, the at-risk MRR, once settled what happened, and the
renewals with the most MRR at risk (--json: every renewal's prediction, amounts in minor units). --demo generates customers whose churn follows a known process
(low usage, detractor NPS, a first renewal, a recent downgrade); --random-churn makes churn random instead.`;

function percent(value: number | null): string {
  return value === null ? 'no value' : `${(value * 100).toFixed(1)}%`;
}

function number(value: number | null, digits = 2): string {
  return value === null ? 'no value' : value.toFixed(digits);
}

function table(report: BacktestReport): string {
  const lines = [
    `Method: ${report.method === 'model' ? 'churn-risk model' : 'health score (rules)'}; skill: ${report.skill ? 'yes' : 'no'} (${report.reason})`,
    `Renewals scored: ${report.renewals} of ${report.knownRenewals} with a known outcome; churn rate ${percent(report.churnRate)}; features as of ${report.leadDays} days before each renewal`,
    `                 model      health score`,
    `AUC              ${number(report.auc).padEnd(10)} ${number(report.baseline.auc)}`,
    `Top-decile lift  ${number(report.topDecileLift).padEnd(10)} ${number(report.baseline.topDecileLift)}`,
    `Brier score      ${number(report.brier, 3).padEnd(10)} ${number(report.baseline.brier, 3)}`,
    'Calibration (decile: predicted / observed churn, renewals)',
    ...report.calibration.map(
      (row) =>
        `  ${String(row.decile).padStart(2)}: ${percent(row.predicted).padStart(6)} / ${percent(row.observed).padStart(6)}  (${row.count})`,
    ),
  ];
  return lines.join('\n');
}

function wholeNumber(text: string | undefined, name: string, fallback: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < 0)
    throw new UsageError(`${name} must be a whole number, got "${text}"`, usage);
  return value;
}

runCli(async () => {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      fixture: { type: 'string' },
      demo: { type: 'boolean', default: false },
      'random-churn': { type: 'boolean', default: false },
      companies: { type: 'string' },
      seed: { type: 'string' },
      'as-of': { type: 'string' },
      'lead-days': { type: 'string' },
      json: { type: 'boolean', default: false },
      quarter: { type: 'string' },
    },
  });
  const command = positionals[0];
  if ((command !== 'backtest' && command !== 'forecast') || positionals.length > 1)
    throw new UsageError('Expected: backtest or forecast', usage);
  const quarter = command === 'forecast' ? periodFromLabel(values.quarter ?? '') : null;
  if (command === 'forecast' && (quarter === null || quarter.kind !== 'quarter'))
    throw new UsageError(`--quarter must be a quarter like 2026-Q2, got "${values.quarter ?? ''}"`, usage);
  if ((values.fixture === undefined) === !values.demo)
    throw new UsageError('Give exactly one of --fixture FILE or --demo', usage);
  if (values['random-churn'] && !values.demo) throw new UsageError('--random-churn goes with --demo', usage);
  const asOf = calendarDateSchema.safeParse(values['as-of'] ?? '2026-11-01');
  if (!asOf.success) throw new UsageError(`--as-of must be a date YYYY-MM-DD, got "${values['as-of'] ?? ''}"`, usage);
  const settings = riskSettingsSchema.parse({
    backtest: { leadDays: wholeNumber(values['lead-days'], '--lead-days', 90) },
  });
  const fixture =
    values.fixture === undefined ? null : fixtureSchema.parse(JSON.parse(await readFile(values.fixture, 'utf8')));
  const histories =
    fixture === null
      ? generateChurnHistories({
          asOf: asOf.data,
          seed: wholeNumber(values.seed, '--seed', 42),
          companies: wholeNumber(values.companies, '--companies', 2_500),
          process: { kind: values['random-churn'] ? 'random' : 'features', leadDays: settings.backtest.leadDays },
        })
      : fixtureHistories(fixture);
  if (quarter !== null) {
    const options = {
      leadDays: settings.backtest.leadDays,
      backtest: settings.backtest,
      renewal: settings.renewal,
      healthSettings: healthSettingsSchema.parse({}),
      coreFeaturesAvailable: settings.coreFeaturesAvailable,
    };
    const forecast = renewalForecast(histories, quarter.firstDay, quarter.lastDay, asOf.data, options);
    if (values.json) {
      process.stdout.write(`${JSON.stringify({ quarter: quarter.label, ...forecast }, null, 2)}\n`);
      return;
    }
    const companyNames = new Map(
      (fixture?.companies ?? []).flatMap((company) =>
        typeof company.properties.name === 'string' ? [[company.id, company.properties.name] as const] : [],
      ),
    );
    // The demo's generated customers bill in US dollars.
    const currency = fixture?.portal.currency ?? 'USD';
    process.stdout.write(`${forecastText(forecast, { quarter: quarter.label, currency, companyNames })}\n`);
    return;
  }
  const report = buildBacktestReport(histories, asOf.data, settings);
  process.stdout.write(`${values.json ? JSON.stringify(report, null, 2) : table(report)}\n`);
});
