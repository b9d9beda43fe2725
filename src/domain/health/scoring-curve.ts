import { z } from 'zod';

function isMonotone(values: readonly number[]): boolean {
  const rising = values.every((value, index) => index === 0 || value >= (values[index - 1] ?? value));
  const falling = values.every((value, index) => index === 0 || value <= (values[index - 1] ?? value));
  return rising || falling;
}

/**
 * A piecewise-linear curve from a raw value to a 0-100 score, given as [raw, score] points.
 * Raw values must strictly increase and scores must move in one direction, so a better raw
 * value can never give a worse score. Outside the first and last point the score is held flat.
 */
export const scoringCurveSchema = z
  .array(z.tuple([z.number(), z.number().min(0).max(100)]))
  .min(2)
  .refine((points) => points.every(([raw], index) => index === 0 || raw > (points[index - 1]?.[0] ?? raw)), {
    error: 'raw values must strictly increase',
  })
  .refine((points) => isMonotone(points.map(([, score]) => score)), { error: 'scores must be monotone' });

export type ScoringCurve = z.infer<typeof scoringCurveSchema>;

export function scoreOnCurve(curve: ScoringCurve, raw: number): number {
  const first = curve[0];
  const last = curve[curve.length - 1];
  if (first === undefined || last === undefined) throw new RangeError('A scoring curve needs at least two points');
  if (raw <= first[0]) return first[1];
  if (raw >= last[0]) return last[1];
  for (let index = 1; index < curve.length; index += 1) {
    const upper = curve[index];
    const lower = curve[index - 1];
    if (upper === undefined || lower === undefined || raw > upper[0]) continue;
    const fraction = (raw - lower[0]) / (upper[0] - lower[0]);
    return lower[1] + fraction * (upper[1] - lower[1]);
  }
  return last[1];
}
