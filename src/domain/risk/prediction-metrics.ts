import { z } from 'zod';

export type Scored = { probability: number; churned: boolean };

export const calibrationRowSchema = z.object({
  decile: z.number().int().min(1).max(10),
  predicted: z.number(),
  observed: z.number(),
  count: z.number().int(),
});
export type CalibrationRow = z.infer<typeof calibrationRowSchema>;

/** Area under the ROC curve: the chance a churned renewal scores above a renewed one (ties count half). Null with one class only. */
export function areaUnderCurve(scored: readonly Scored[]): number | null {
  const sorted = [...scored].sort((first, second) => first.probability - second.probability);
  const positives = sorted.filter((entry) => entry.churned).length;
  const negatives = sorted.length - positives;
  if (positives === 0 || negatives === 0) return null;
  let rankSum = 0;
  for (let start = 0; start < sorted.length;) {
    let end = start;
    while (end + 1 < sorted.length && sorted[end + 1]?.probability === sorted[start]?.probability) end += 1;
    const averageRank = (start + end) / 2 + 1;
    for (let index = start; index <= end; index += 1) if (sorted[index]?.churned) rankSum += averageRank;
    start = end + 1;
  }
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** Hanley and McNeil's standard error of an AUC. */
export function areaUnderCurveStandardError(area: number, positives: number, negatives: number): number {
  const q1 = area / (2 - area);
  const q2 = (2 * area * area) / (1 + area);
  const variance =
    (area * (1 - area) + (positives - 1) * (q1 - area * area) + (negatives - 1) * (q2 - area * area)) /
    (positives * negatives);
  return Math.sqrt(Math.max(0, variance));
}

function byRiskDescending(scored: readonly Scored[]): Scored[] {
  return [...scored].sort((first, second) => second.probability - first.probability);
}

/** Churn rate among the riskiest tenth over the overall churn rate; null when nothing churned. */
export function topDecileLift(scored: readonly Scored[]): number | null {
  const churned = scored.filter((entry) => entry.churned).length;
  if (churned === 0) return null;
  const top = byRiskDescending(scored).slice(0, Math.ceil(scored.length / 10));
  const topRate = top.filter((entry) => entry.churned).length / top.length;
  return topRate / (churned / scored.length);
}

/** Mean squared difference between the probability and what happened (0 perfect; 0.25 for always 50%). */
export function brierScore(scored: readonly Scored[]): number | null {
  if (scored.length === 0) return null;
  return scored.reduce((sum, entry) => sum + (entry.probability - (entry.churned ? 1 : 0)) ** 2, 0) / scored.length;
}

/** Ten groups of (nearly) equal size by predicted risk, lowest first: mean prediction vs observed churn rate. */
export function calibrationTable(scored: readonly Scored[]): CalibrationRow[] {
  const sorted = [...scored].sort((first, second) => first.probability - second.probability);
  const rows: CalibrationRow[] = [];
  for (let decile = 1; decile <= 10; decile += 1) {
    const group = sorted.slice(
      Math.floor(((decile - 1) * sorted.length) / 10),
      Math.floor((decile * sorted.length) / 10),
    );
    if (group.length === 0) continue;
    rows.push({
      decile,
      predicted: group.reduce((sum, entry) => sum + entry.probability, 0) / group.length,
      observed: group.filter((entry) => entry.churned).length / group.length,
      count: group.length,
    });
  }
  return rows;
}
