import { z } from 'zod';
import type { CompanySnapshot } from './company-snapshot';
import { fitLogisticRegression, linearScore, sigmoid } from './logistic-regression';
import { describeFeature, riskFeatureNames, type RiskFeatureName, type RiskFeatures } from './risk-features';

const featureNameSchema = z.enum(riskFeatureNames);

export const riskModelSchema = z.object({
  features: z.array(featureNameSchema),
  /** Training means (also the value a missing feature takes) and standard deviations. */
  means: z.array(z.number()),
  scales: z.array(z.number()),
  intercept: z.number(),
  coefficients: z.array(z.number()),
  trainingExamples: z.number().int(),
  trainingChurnRate: z.number(),
  converged: z.boolean(),
});
export type RiskModel = z.infer<typeof riskModelSchema>;

export type TrainingExample = { features: RiskFeatures; churned: boolean };

export const riskDriverSchema = z.object({
  feature: featureNameSchema,
  /** Coefficient x standardized value: its push on the log-odds of churn. */
  contribution: z.number(),
  effect: z.enum(['raises risk', 'lowers risk']),
  explanation: z.string(),
});
export type RiskDriver = z.infer<typeof riskDriverSchema>;

function columnStatistics(values: readonly (number | null)[]): { mean: number; scale: number } {
  const present = values.filter((value): value is number => value !== null);
  if (present.length === 0) return { mean: 0, scale: 1 };
  const mean = present.reduce((sum, value) => sum + value, 0) / present.length;
  const variance = present.reduce((sum, value) => sum + (value - mean) ** 2, 0) / present.length;
  return { mean, scale: variance > 1e-12 ? Math.sqrt(variance) : 1 };
}

// A value far outside what training saw (a feature rare in training has a tiny spread) would otherwise swamp the rest.
const maximumStandardScore = 4;

/** Missing values take the training mean: they push neither way. */
export function standardizedRow(
  model: Pick<RiskModel, 'features' | 'means' | 'scales'>,
  features: RiskFeatures,
): number[] {
  return model.features.map((name, index) => {
    const value = features[name];
    if (value === null) return 0;
    const score = (value - (model.means[index] ?? 0)) / (model.scales[index] ?? 1);
    return Math.max(-maximumStandardScore, Math.min(maximumStandardScore, score));
  });
}

export function trainRiskModel(
  examples: readonly TrainingExample[],
  l2 = 1,
  features: readonly RiskFeatureName[] = riskFeatureNames,
): RiskModel {
  const statistics = features.map((name) => columnStatistics(examples.map((example) => example.features[name])));
  const base = {
    features: [...features],
    means: statistics.map((entry) => entry.mean),
    scales: statistics.map((entry) => entry.scale),
  };
  const rows = examples.map((example) => standardizedRow(base, example.features));
  const labels = examples.map((example) => (example.churned ? 1 : 0));
  const fit = fitLogisticRegression(rows, labels, { l2 });
  return {
    ...base,
    intercept: fit.intercept,
    coefficients: fit.coefficients,
    trainingExamples: examples.length,
    trainingChurnRate: labels.reduce<number>((sum, label) => sum + label, 0) / Math.max(1, labels.length),
    converged: fit.converged,
  };
}

export function churnProbability(model: RiskModel, features: RiskFeatures): number {
  return sigmoid(linearScore(model, standardizedRow(model, features)));
}

/** The features that move this company's risk most, largest push first, each with the fact behind it. */
export function riskDrivers(
  model: RiskModel,
  features: RiskFeatures,
  snapshot: CompanySnapshot,
  count = 3,
): RiskDriver[] {
  const row = standardizedRow(model, features);
  return model.features
    .map((feature, index) => ({
      feature,
      contribution: (model.coefficients[index] ?? 0) * (row[index] ?? 0),
      present: features[feature] !== null,
    }))
    .filter((entry) => entry.present && Math.abs(entry.contribution) >= 0.01)
    .sort((first, second) => Math.abs(second.contribution) - Math.abs(first.contribution))
    .slice(0, count)
    .map(({ feature, contribution }) => ({
      feature,
      contribution: Math.round(contribution * 1000) / 1000,
      effect: contribution > 0 ? 'raises risk' : 'lowers risk',
      explanation: describeFeature(feature, snapshot),
    }));
}
