import { z } from 'zod';
import { scoringCurveSchema, type ScoringCurve } from './scoring-curve';

const curve = (points: ScoringCurve) =>
  scoringCurveSchema.default(() => points.map(([raw, score]): [number, number] => [raw, score]));

/**
 * Default scoring curves, [raw value, score] points joined by straight lines (see scoring-curve).
 * Raw value by curve, and why the knees sit where they do:
 * - seatUtilizationPercent: active users (30 days) / seats x 100. Rises steeply to 80% (90 points),
 *   where the adoption threshold of 50% sits at 50 points, then flattens: full use adds little.
 * - activeUserTrendPercent: change in 30-day active users against the 30 days before. Flat is 70;
 *   losing half the users is 0, growing a fifth is 100.
 * - engagementVsBaselinePercent: session minutes per active user against the company's own 90-day
 *   baseline. At baseline is 80; only growth above it reaches 100; half the baseline is 30.
 * - coreFeatureSharePercent: core features of the plan used in 30 days. 60% of them is 80 points.
 * - milestonesOnTrackPercent: required milestones done or on track. Straight line.
 * - npsScore: latest 0-10 answer. Detractors (0-6) stay at or below 40, passives 60-70, promoters 90+.
 * - csatScore: latest 1-5 answer. "Satisfied" (4) is 80.
 * - daysToRenewal: days until the current contract ends. Little time left is little room to act,
 *   so near renewal scores low; half a year or more is 100.
 * - contractionPercent: MRR lost to downgrades in 90 days against MRR 90 days ago; the only falling curve.
 */
// prettier-ignore
export const healthCurvesSchema = z.object({
  seatUtilizationPercent: curve([[0, 0], [50, 50], [80, 90], [100, 100]]),
  activeUserTrendPercent: curve([[-50, 0], [-20, 35], [0, 70], [20, 100]]),
  engagementVsBaselinePercent: curve([[0, 0], [50, 30], [80, 60], [100, 80], [120, 100]]),
  coreFeatureSharePercent: curve([[0, 0], [30, 40], [60, 80], [100, 100]]),
  milestonesOnTrackPercent: curve([[0, 0], [100, 100]]),
  npsScore: curve([[0, 0], [6, 40], [7, 60], [8, 70], [9, 90], [10, 100]]),
  csatScore: curve([[1, 0], [2, 25], [3, 50], [4, 80], [5, 100]]),
  daysToRenewal: curve([[0, 20], [30, 40], [90, 70], [180, 100]]),
  contractionPercent: curve([[0, 100], [10, 60], [25, 30], [50, 0]]),
});
