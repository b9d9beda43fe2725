import { z } from 'zod';
import { addMonths, type CalendarDate } from '../time/calendar-date';
import {
  areaUnderCurve,
  areaUnderCurveStandardError,
  brierScore,
  calibrationTable,
  topDecileLift,
  type CalibrationRow,
  type Scored,
} from './prediction-metrics';
import type { RenewalExample } from './renewal-examples';
import { churnProbability, trainRiskModel } from './risk-model';

export const backtestSettingsSchema = z.object({
  /** Features are taken this many days before each renewal date. */
  leadDays: z.number().int().nonnegative().default(90),
  /** Below this many past renewals with a known outcome the product uses the health score. */
  minimumRenewals: z.number().int().positive().default(50),
  /** Each training set needs at least this many churned and this many kept renewals. */
  minimumPerOutcome: z.number().int().positive().default(5),
  /** The test window after each cut date; the model is retrained at every cut. */
  foldMonths: z.number().int().positive().default(3),
  l2: z.number().nonnegative().default(1),
});
export type BacktestSettings = z.infer<typeof backtestSettingsSchema>;

export interface BacktestFigures {
  auc: number | null;
  aucInterval: [number, number] | null;
  topDecileLift: number | null;
  brier: number | null;
  calibration: CalibrationRow[];
}

export const foldSchema = z.object({ cutDate: z.string(), trainedOn: z.number().int(), tested: z.number().int() });

export type BacktestOutcome = {
  method: 'model' | 'health-score';
  fallbackReason: string | null;
  knownRenewals: number;
  scoredRenewals: number;
  churnRate: number | null;
  model: BacktestFigures | null;
  baseline: BacktestFigures;
  folds: z.infer<typeof foldSchema>[];
};

/** The health score read as a churn probability: a score of 20 reads as 80%; no score reads as 50%. */
export function healthAsProbability(score: number | null): number {
  return score === null ? 0.5 : 1 - score / 100;
}

export function figuresOf(scored: readonly Scored[]): BacktestFigures {
  const auc = areaUnderCurve(scored);
  const positives = scored.filter((entry) => entry.churned).length;
  const error = auc === null ? null : areaUnderCurveStandardError(auc, positives, scored.length - positives);
  return {
    auc,
    aucInterval:
      auc === null || error === null ? null : [Math.max(0, auc - 1.96 * error), Math.min(1, auc + 1.96 * error)],
    topDecileLift: topDecileLift(scored),
    brier: brierScore(scored),
    calibration: calibrationTable(scored),
  };
}

function hasBothOutcomes(examples: readonly RenewalExample[], minimum: number): boolean {
  const churned = examples.filter((example) => example.churned).length;
  return churned >= minimum && examples.length - churned >= minimum;
}

/**
 * Rolling time split: at each cut date the model is trained on the renewals settled (outcome known
 * either way) before it, then scores the renewals whose prediction date falls in the next `foldMonths`. Nothing
 * a prediction uses (features or training labels) is dated after its prediction date.
 */
export function runBacktest(
  examples: readonly RenewalExample[],
  asOf: CalendarDate,
  settings: Partial<BacktestSettings> = {},
): BacktestOutcome {
  const parsed = backtestSettingsSchema.parse(settings);
  const baselineOf = (tested: readonly RenewalExample[]) =>
    figuresOf(
      tested.map((example) => ({ probability: healthAsProbability(example.healthScore), churned: example.churned })),
    );
  const fallback = (reason: string): BacktestOutcome => ({
    method: 'health-score',
    fallbackReason: reason,
    knownRenewals: examples.length,
    scoredRenewals: examples.length,
    churnRate: examples.length === 0 ? null : examples.filter((example) => example.churned).length / examples.length,
    model: null,
    baseline: baselineOf(examples),
    folds: [],
  });
  if (examples.length < parsed.minimumRenewals) {
    return fallback(
      `only ${examples.length} past renewals with a known outcome; a model needs at least ${parsed.minimumRenewals}, so the health score is used`,
    );
  }
  const first = examples[0]?.predictionDate ?? asOf;
  const folds: BacktestOutcome['folds'] = [];
  const tested: RenewalExample[] = [];
  const predictions: Scored[] = [];
  for (let cut = `${first.slice(0, 7)}-01`; cut <= asOf; cut = addMonths(cut, parsed.foldMonths)) {
    const training = examples.filter((example) => example.settledOn < cut);
    if (training.length < parsed.minimumRenewals || !hasBothOutcomes(training, parsed.minimumPerOutcome)) continue;
    const next = addMonths(cut, parsed.foldMonths);
    const window = examples.filter((example) => example.predictionDate >= cut && example.predictionDate < next);
    if (window.length === 0) continue;
    const model = trainRiskModel(training, parsed.l2);
    for (const example of window)
      predictions.push({ probability: churnProbability(model, example.features), churned: example.churned });
    tested.push(...window);
    folds.push({ cutDate: cut, trainedOn: training.length, tested: window.length });
  }
  if (tested.length === 0) {
    return fallback(
      `no cut date had ${parsed.minimumRenewals} earlier renewals with both outcomes (at least ${parsed.minimumPerOutcome} each) to train on, so the health score is used`,
    );
  }
  return {
    method: 'model',
    fallbackReason: null,
    knownRenewals: examples.length,
    scoredRenewals: tested.length,
    churnRate: tested.filter((example) => example.churned).length / tested.length,
    model: figuresOf(predictions),
    baseline: baselineOf(tested),
    folds,
  };
}
