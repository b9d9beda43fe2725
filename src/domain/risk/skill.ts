import type { BacktestOutcome } from './backtest';

export type SkillVerdict = { skill: boolean; reason: string };

function figure(value: number): string {
  return value.toFixed(2);
}

/**
 * The model claims skill only when its backtest AUC is above chance beyond doubt: the lower end of
 * its 95% interval is above 0.5. Whether it also beats the health score is said, not required.
 */
export function skillVerdict(outcome: BacktestOutcome): SkillVerdict {
  if (outcome.method === 'health-score' || outcome.model === null)
    return { skill: false, reason: outcome.fallbackReason ?? 'no model was trained' };
  const { auc, aucInterval } = outcome.model;
  if (auc === null || aucInterval === null)
    return {
      skill: false,
      reason: "the tested renewals all ended the same way, so the model's ranking cannot be judged",
    };
  const interval = `AUC ${figure(auc)} (95% interval ${figure(aucInterval[0])}-${figure(aucInterval[1])})`;
  if (aucInterval[0] <= 0.5) {
    return {
      skill: false,
      // Plain words first: the card shows this to CSMs; the figures after them are for whoever checks the model.
      reason: `past renewals do not yet show which customers will churn: the model's ${interval} is not distinguishable from chance (0.50), so its ranking should not be trusted`,
    };
  }
  const baseline = outcome.baseline.auc;
  const comparison =
    baseline === null
      ? 'the health score could not be judged'
      : auc > baseline
        ? `it beats the health score's AUC ${figure(baseline)}`
        : `it does not beat the health score's AUC ${figure(baseline)}`;
  return { skill: true, reason: `${interval} is above chance; ${comparison}` };
}
