import type { HealthSettings } from '../health/health-settings';
import { healthBandFor } from '../health/health-band';
import type { CalendarDate } from '../time/calendar-date';
import type { BacktestOutcome, BacktestSettings } from './backtest';
import type { CompanyHistory } from './company-history';
import { companySnapshot } from './company-snapshot';
import { baselineHealthScore } from './health-baseline';
import type { RenewalExample } from './renewal-examples';
import { riskFeatures } from './risk-features';
import { churnProbability, riskDrivers, trainRiskModel, type RiskDriver, type RiskModel } from './risk-model';
import { skillVerdict } from './skill';

/** What predicts churn for a portal today: its own model when the backtest shows skill, else the health score. */
export type PortalPredictor =
  { method: 'model'; model: RiskModel; reason: string } | { method: 'health-score'; reason: string };

export type CompanyRisk = {
  method: 'model' | 'health-score';
  reason: string;
  /** The model's probability of churn at the next renewal; null when the health score is used. */
  churnProbability: number | null;
  healthScore: number | null;
  healthBand: 'red' | 'yellow' | 'green' | null;
  drivers: RiskDriver[];
  nextRenewalDate: CalendarDate | null;
};

/**
 * Trains on every renewal settled by `asOf` when the backtest shows skill and beats the health score;
 * otherwise the health score, with why.
 */
export function portalPredictor(
  examples: readonly RenewalExample[],
  backtest: BacktestOutcome,
  asOf: CalendarDate,
  settings: BacktestSettings,
): PortalPredictor {
  const verdict = skillVerdict(backtest);
  if (!verdict.skill) return { method: 'health-score', reason: `${verdict.reason}; the health score is used` };
  const modelAuc = backtest.model?.auc ?? 0;
  const baselineAuc = backtest.baseline.auc;
  if (baselineAuc !== null && baselineAuc >= modelAuc) {
    return {
      method: 'health-score',
      reason: `the model does not predict past renewals better than the health score (${verdict.reason}), so the health score is used`,
    };
  }
  const settled = examples.filter((example) => example.settledOn <= asOf);
  return { method: 'model', model: trainRiskModel(settled, settings.l2), reason: verdict.reason };
}

export function companyRisk(
  history: CompanyHistory,
  asOf: CalendarDate,
  predictor: PortalPredictor,
  healthSettings: HealthSettings,
  coreFeaturesAvailable: number | null,
): CompanyRisk {
  const snapshot = companySnapshot(history, asOf);
  const healthScore = baselineHealthScore(snapshot, healthSettings, coreFeaturesAvailable);
  const base = {
    method: predictor.method,
    reason: predictor.reason,
    healthScore,
    healthBand: healthScore === null ? null : healthBandFor(healthScore, healthSettings),
    nextRenewalDate: snapshot.nextRenewalDate,
  };
  if (predictor.method === 'health-score') return { ...base, churnProbability: null, drivers: [] };
  const features = riskFeatures(snapshot);
  return {
    ...base,
    churnProbability: churnProbability(predictor.model, features),
    drivers: riskDrivers(predictor.model, features, snapshot),
  };
}
