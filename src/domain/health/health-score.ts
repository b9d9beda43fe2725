import { z } from 'zod';
import { calendarDateSchema } from '../time/calendar-date';
import { leftOutReasonSchema, rawValuesSchema, roundToTenth, type ComponentResult } from './component-result';
import {
  scoreBreadth,
  scoreCommercial,
  scoreEngagement,
  scoreOnboarding,
  scoreSentiment,
  scoreUsage,
} from './component-scores';
import { healthBandFor, healthBandSchema } from './health-band';
import type { HealthInput } from './health-inputs';
import { healthWeightsFor } from './health-profile';
import { healthComponentSchema, healthComponents, type HealthComponent, type HealthSettings } from './health-settings';

export const scoredComponentSchema = z.object({
  component: healthComponentSchema,
  raw: rawValuesSchema,
  score: z.number(),
  weight: z.number(),
  // Percent of the total after the left-out components' weight is spread over the rest.
  effectiveWeightPercent: z.number(),
  points: z.number(),
});

export const leftOutComponentSchema = z.object({
  component: healthComponentSchema,
  weight: z.number(),
  reason: leftOutReasonSchema,
});

export const healthExplanationSchema = z.object({
  asOf: calendarDateSchema,
  profile: z.string(),
  score: z.number().int().min(0).max(100).nullable(),
  band: healthBandSchema.nullable(),
  components: z.array(scoredComponentSchema),
  leftOut: z.array(leftOutComponentSchema),
});

export type HealthExplanation = z.infer<typeof healthExplanationSchema>;

function scoreComponent(component: HealthComponent, input: HealthInput, settings: HealthSettings): ComponentResult {
  switch (component) {
    case 'usage':
      return scoreUsage(input.usage, settings);
    case 'engagement':
      return scoreEngagement(input.engagement, settings);
    case 'breadth':
      return scoreBreadth(input.breadth, settings);
    case 'onboarding':
      return scoreOnboarding(input.onboarding, settings);
    case 'sentiment':
      return scoreSentiment(input.sentiment, input.asOf, settings);
    case 'commercial':
      return scoreCommercial(input.commercial, settings);
  }
}

/**
 * The weighted mean of the component scores present. Missing components are listed with
 * their reason and their weight is spread over the others in proportion to their weights.
 * Points are shown to a tenth; the total is rounded once from the exact points.
 */
export function computeHealthScore(
  input: HealthInput,
  settings: HealthSettings,
  profile = 'default',
): HealthExplanation {
  const weights = healthWeightsFor(settings, profile);
  const scored: Array<{
    component: HealthComponent;
    score: number;
    raw: z.infer<typeof rawValuesSchema>;
    weight: number;
  }> = [];
  const leftOut: HealthExplanation['leftOut'] = [];
  for (const component of healthComponents) {
    const weight = weights[component];
    const result =
      weight === 0
        ? ({ status: 'left_out', reason: 'zero_weight' } as const)
        : scoreComponent(component, input, settings);
    if (result.status === 'left_out') leftOut.push({ component, weight, reason: result.reason });
    else scored.push({ component, score: result.score, raw: result.raw, weight });
  }
  const totalWeight = scored.reduce((sum, entry) => sum + entry.weight, 0);
  if (totalWeight === 0) return { asOf: input.asOf, profile, score: null, band: null, components: [], leftOut };
  const exactPoints = scored.map((entry) => (entry.score * entry.weight) / totalWeight);
  const score = Math.round(exactPoints.reduce((sum, points) => sum + points, 0));
  return {
    asOf: input.asOf,
    profile,
    score,
    band: healthBandFor(score, settings),
    components: scored.map((entry, index) => ({
      component: entry.component,
      raw: entry.raw,
      score: entry.score,
      weight: entry.weight,
      effectiveWeightPercent: roundToTenth((entry.weight * 100) / totalWeight),
      points: roundToTenth(exactPoints[index] ?? 0),
    })),
    leftOut,
  };
}
