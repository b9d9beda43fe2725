import { z } from 'zod';
import { roundTo } from '../numbers/round-to';

export const leftOutReasonSchema = z.enum([
  'no_data',
  'no_seats_or_activity_history',
  'no_active_users',
  'no_baseline',
  'no_core_features',
  'no_milestones',
  'surveys_too_old',
  'no_renewal_or_mrr_history',
  'zero_weight',
]);

export const rawValuesSchema = z.record(z.string(), z.number().nullable());

export const componentResultSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('scored'), score: z.number().min(0).max(100), raw: rawValuesSchema }),
  z.object({ status: z.literal('left_out'), reason: leftOutReasonSchema }),
]);

/** Wording for the card's "left out" line. */
export const leftOutReasonText: Record<z.infer<typeof leftOutReasonSchema>, string> = {
  no_data: 'no data of this kind yet',
  no_seats_or_activity_history: 'no seat count and no activity to compare',
  no_active_users: 'no active users in the last 30 days',
  no_baseline: 'no 90-day baseline yet',
  no_core_features: 'the plan has no core features',
  no_milestones: 'no required onboarding milestones',
  surveys_too_old: 'the latest survey answers are too old',
  no_renewal_or_mrr_history: 'no renewal date and no MRR 90 days ago',
  zero_weight: 'weighted 0 in this health profile',
};

export type LeftOutReason = z.infer<typeof leftOutReasonSchema>;
export type ComponentResult = z.infer<typeof componentResultSchema>;

export function leftOut(reason: LeftOutReason): ComponentResult {
  return { status: 'left_out', reason };
}

export function roundToTenth(value: number): number {
  return roundTo(value, 1);
}

/**
 * Weighted mean of the measures that have a value, rounded to a whole score.
 * Null when no measure has a value or all their weights are zero.
 */
export function combineMeasures(measures: ReadonlyArray<{ score: number | null; weight: number }>): number | null {
  const present = measures.filter(
    (measure): measure is { score: number; weight: number } => measure.score !== null && measure.weight > 0,
  );
  const totalWeight = present.reduce((sum, measure) => sum + measure.weight, 0);
  if (totalWeight === 0) return null;
  return Math.round(present.reduce((sum, measure) => sum + measure.score * measure.weight, 0) / totalWeight);
}
