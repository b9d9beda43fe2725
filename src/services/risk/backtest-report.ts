import { z } from 'zod';
import { healthSettingsSchema, type HealthSettings } from '../../domain/health/health-settings';
import { runBacktest, type BacktestOutcome } from '../../domain/risk/backtest';
import type { CompanyHistory } from '../../domain/risk/company-history';
import { calibrationRowSchema } from '../../domain/risk/prediction-metrics';
import { renewalExamples, type RenewalExample } from '../../domain/risk/renewal-examples';
import { riskSettingsSchema, type RiskSettings } from '../../domain/risk/risk-settings';
import { skillVerdict } from '../../domain/risk/skill';
import type { CalendarDate } from '../../domain/time/calendar-date';
import { roundTo } from '../../domain/numbers/round-to';

const summarySchema = z.object({
  auc: z.number().nullable(),
  topDecileLift: z.number().nullable(),
  brier: z.number().nullable(),
});

/** What `npm run risk -- backtest --json` and `GET /api/v1/risk/backtest` print. Figures are null where not computed. */
export const backtestReportSchema = z.object({
  method: z.enum(['model', 'health-score']),
  skill: z.boolean(),
  reason: z.string(),
  auc: z.number().nullable(),
  aucInterval: z.tuple([z.number(), z.number()]).nullable(),
  topDecileLift: z.number().nullable(),
  brier: z.number().nullable(),
  calibration: z.array(calibrationRowSchema),
  baseline: summarySchema.extend({ calibration: z.array(calibrationRowSchema) }),
  renewals: z.number().int(),
  knownRenewals: z.number().int(),
  churnRate: z.number().nullable(),
  leadDays: z.number().int(),
  asOf: z.string(),
  folds: z.array(z.object({ cutDate: z.string(), trainedOn: z.number().int(), tested: z.number().int() })),
});
export type BacktestReport = z.infer<typeof backtestReportSchema>;

function rounded(value: number | null, digits = 4): number | null {
  return value === null ? null : roundTo(value, digits);
}

/** The renewals a portal's history holds as of a day, each seen from its prediction date. */
export function portalExamples(
  histories: readonly CompanyHistory[],
  asOf: CalendarDate,
  settings: RiskSettings,
  healthSettings: HealthSettings,
): RenewalExample[] {
  return renewalExamples(histories, {
    asOf,
    leadDays: settings.backtest.leadDays,
    renewal: settings.renewal,
    healthSettings,
    coreFeaturesAvailable: settings.coreFeaturesAvailable,
  });
}

export function buildBacktestReport(
  histories: readonly CompanyHistory[],
  asOf: CalendarDate,
  settings: RiskSettings = riskSettingsSchema.parse({}),
  healthSettings: HealthSettings = healthSettingsSchema.parse({}),
): BacktestReport {
  const examples = portalExamples(histories, asOf, settings, healthSettings);
  return backtestReportOf(runBacktest(examples, asOf, settings.backtest), asOf, settings);
}

export function backtestReportOf(outcome: BacktestOutcome, asOf: CalendarDate, settings: RiskSettings): BacktestReport {
  const verdict = skillVerdict(outcome);
  const calibration = (rows: BacktestReport['calibration']) =>
    rows.map((row) => ({
      decile: row.decile,
      predicted: rounded(row.predicted) ?? 0,
      observed: rounded(row.observed) ?? 0,
      count: row.count,
    }));
  return {
    method: outcome.method,
    skill: verdict.skill,
    reason: verdict.reason,
    auc: rounded(outcome.model?.auc ?? null),
    aucInterval: outcome.model?.aucInterval
      ? [rounded(outcome.model.aucInterval[0]) ?? 0, rounded(outcome.model.aucInterval[1]) ?? 0]
      : null,
    topDecileLift: rounded(outcome.model?.topDecileLift ?? null),
    brier: rounded(outcome.model?.brier ?? null),
    calibration: calibration(outcome.model?.calibration ?? []),
    baseline: {
      auc: rounded(outcome.baseline.auc),
      topDecileLift: rounded(outcome.baseline.topDecileLift),
      brier: rounded(outcome.baseline.brier),
      calibration: calibration(outcome.baseline.calibration),
    },
    renewals: outcome.scoredRenewals,
    knownRenewals: outcome.knownRenewals,
    churnRate: rounded(outcome.churnRate),
    leadDays: settings.backtest.leadDays,
    asOf,
    folds: outcome.folds,
  };
}
