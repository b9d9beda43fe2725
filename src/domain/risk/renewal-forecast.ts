import type { HealthSettings } from '../health/health-settings';
import { renewalRecords, type RenewalRecord, type RenewalSettings } from '../renewals/renewal-records';
import { addDays, type CalendarDate } from '../time/calendar-date';
import { healthAsProbability, runBacktest, type BacktestSettings } from './backtest';
import type { CompanyHistory } from './company-history';
import { companySnapshot } from './company-snapshot';
import { baselineHealthScore } from './health-baseline';
import { portalPredictor, type PortalPredictor } from './portal-risk';
import { renewalExamples } from './renewal-examples';
import { riskFeatures } from './risk-features';
import { churnProbability } from './risk-model';

export type ForecastOptions = {
  leadDays: number;
  backtest: BacktestSettings;
  renewal: RenewalSettings;
  healthSettings: HealthSettings;
  coreFeaturesAvailable: number | null;
};

/** What a set of renewals was expected to bring, and (once settled) what it brought. */
export type ForecastTotals = {
  renewals: number;
  amountUpMinor: number;
  /** Sum of amount x chance of staying: the MRR expected to renew at its current amount. */
  expectedRenewedMinor: number;
  /** A 95% interval, each renewal an independent stay-or-churn draw. */
  intervalMinor: [number, number];
  /** Sum of amount x chance of churning. */
  atRiskMinor: number;
  /** Once every renewal is settled: the amount of those that did not churn, else null. */
  actualRenewedMinor: number | null;
  errorMinor: number | null;
  withinInterval: boolean | null;
};

/** One renewal of the quarter: its amount, its predicted chance of churn, and whether it churned once known. */
export type RenewalPrediction = {
  companyId: string;
  renewalDate: CalendarDate;
  amountMinor: number;
  churnProbability: number;
  /** Whether it churned, once the quarter is settled; null before. */
  churned: boolean | null;
};

export type RenewalForecast = ForecastTotals & {
  /** The day before the quarter (or the data's day, for a quarter not begun): the forecast knows only what was dated on or before it. */
  forecastDate: CalendarDate;
  method: PortalPredictor['method'];
  reason: string;
  /** Whether the quarter's outcomes are all known (its last renewal's grace period is over). */
  settled: boolean;
  predictions: RenewalPrediction[];
};

const z95 = 1.96;

/** Without a model the past churn rate is the chance for every renewal: the health score ranks, but is no probability. */
function predictedChurn(
  history: CompanyHistory,
  record: RenewalRecord,
  forecastDate: CalendarDate,
  predictor: PortalPredictor,
  baseRate: number | null,
  options: ForecastOptions,
): number {
  const leadDate = addDays(record.renewalDate, -options.leadDays);
  const snapshot = companySnapshot(history, leadDate < forecastDate ? leadDate : forecastDate);
  if (predictor.method === 'model') return churnProbability(predictor.model, riskFeatures(snapshot));
  return (
    baseRate ??
    healthAsProbability(baselineHealthScore(snapshot, options.healthSettings, options.coreFeaturesAvailable))
  );
}

/**
 * The renewals due from `first` to `last` as seen the day before `first`, with the MRR expected to renew
 * and its interval; when `dataAsOf` is past the quarter's grace period, what happened and the error.
 */
export function renewalForecast(
  histories: readonly CompanyHistory[],
  first: CalendarDate,
  last: CalendarDate,
  dataAsOf: CalendarDate,
  options: ForecastOptions,
): RenewalForecast {
  const dayBefore = addDays(first, -1);
  // A later quarter is forecast from today's data: renewals still open today must not read as churned.
  const forecastDate = dayBefore < dataAsOf ? dayBefore : dataAsOf;
  const examples = renewalExamples(histories, {
    asOf: forecastDate,
    leadDays: options.leadDays,
    renewal: options.renewal,
    healthSettings: options.healthSettings,
    coreFeaturesAvailable: options.coreFeaturesAvailable,
  });
  const predictor = portalPredictor(
    examples,
    runBacktest(examples, forecastDate, options.backtest),
    forecastDate,
    options.backtest,
  );
  const settled = addDays(last, options.renewal.graceDays) <= dataAsOf;
  const past = examples.filter((example) => example.settledOn <= forecastDate);
  const baseRate = past.length === 0 ? null : past.filter((example) => example.churned).length / past.length;
  const predictions: RenewalPrediction[] = [];
  for (const history of histories) {
    const outcomes = new Map(
      renewalRecords(history.contracts, dataAsOf, options.renewal).map((record) => [record.renewalDate, record]),
    );
    for (const record of renewalRecords(history.contracts, forecastDate, options.renewal)) {
      if (record.renewalDate < first || record.renewalDate > last) continue;
      predictions.push({
        companyId: record.companyId,
        renewalDate: record.renewalDate,
        amountMinor: record.amountMinor,
        churnProbability: predictedChurn(history, record, forecastDate, predictor, baseRate, options),
        churned: settled ? outcomes.get(record.renewalDate)?.outcome === 'churned' : null,
      });
    }
  }
  return {
    forecastDate,
    method: predictor.method,
    reason:
      predictor.method === 'model' || baseRate === null
        ? predictor.reason
        : `${predictor.reason}; every renewal gets the past churn rate (${(baseRate * 100).toFixed(1)}%)`,
    settled,
    predictions,
    ...forecastTotals(predictions, settled),
  };
}

/** Expected and (when settled) actual renewed MRR of some renewals, with the 95% interval of the expectation. */
export function forecastTotals(predictions: readonly RenewalPrediction[], settled: boolean): ForecastTotals {
  let amountUp = 0;
  let expected = 0;
  let variance = 0;
  let actual = 0;
  for (const prediction of predictions) {
    const churn = prediction.churnProbability;
    amountUp += prediction.amountMinor;
    expected += prediction.amountMinor * (1 - churn);
    variance += prediction.amountMinor ** 2 * churn * (1 - churn);
    if (prediction.churned !== true) actual += prediction.amountMinor;
  }
  const spread = z95 * Math.sqrt(variance);
  const interval: [number, number] = [Math.round(expected - spread), Math.round(expected + spread)];
  return {
    renewals: predictions.length,
    amountUpMinor: amountUp,
    expectedRenewedMinor: Math.round(expected),
    intervalMinor: interval,
    atRiskMinor: Math.round(amountUp - expected),
    actualRenewedMinor: settled ? actual : null,
    errorMinor: settled ? actual - Math.round(expected) : null,
    withinInterval: settled ? actual >= interval[0] && actual <= interval[1] : null,
  };
}
