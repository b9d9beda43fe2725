import { z } from 'zod';
import { healthComponentSchema, healthComponents } from './health-settings';
import { roundToTenth } from './component-result';
import type { HealthExplanation } from './health-score';

export const healthDriverSchema = z.object({
  component: healthComponentSchema,
  scoreBefore: z.number().nullable(),
  scoreNow: z.number().nullable(),
  pointsBefore: z.number(),
  pointsNow: z.number(),
  pointsChange: z.number(),
});

export const healthChangeSchema = z.object({
  scoreBefore: z.number().nullable(),
  scoreNow: z.number().nullable(),
  change: z.number().nullable(),
  drivers: z.array(healthDriverSchema),
});

export type HealthChange = z.infer<typeof healthChangeSchema>;

/**
 * What a change is measured against: an earlier explanation's score and its components' scores and points.
 * A whole explanation is one; the daily recompute reads only these parts of the explanation it compares with.
 */
export const changeBaseSchema = z.object({
  score: z.number().int().min(0).max(100).nullable(),
  components: z.array(z.object({ component: healthComponentSchema, score: z.number(), points: z.number() })),
});

export type ChangeBase = z.infer<typeof changeBaseSchema>;

export type HealthDriver = z.infer<typeof healthDriverSchema>;

/**
 * Change against an earlier explanation (by default the one from 30 days ago). A component
 * missing on one side contributes zero points there, so a survey going stale shows as a driver.
 * Drivers are sorted by the size of their points change, largest first; unchanged ones are dropped.
 */
export function healthChangeSince(now: HealthExplanation, before: ChangeBase | null): HealthChange {
  const scoreBefore = before?.score ?? null;
  const change = now.score === null || scoreBefore === null ? null : now.score - scoreBefore;
  if (before === null) return { scoreBefore, scoreNow: now.score, change, drivers: [] };
  const drivers = healthComponents
    .map((component) => {
      const previous = before.components.find((entry) => entry.component === component);
      const current = now.components.find((entry) => entry.component === component);
      const pointsBefore = previous?.points ?? 0;
      const pointsNow = current?.points ?? 0;
      return {
        component,
        scoreBefore: previous?.score ?? null,
        scoreNow: current?.score ?? null,
        pointsBefore,
        pointsNow,
        pointsChange: roundToTenth(pointsNow - pointsBefore),
      };
    })
    .filter((driver) => driver.pointsChange !== 0)
    .sort((left, right) => Math.abs(right.pointsChange) - Math.abs(left.pointsChange));
  return { scoreBefore, scoreNow: now.score, change, drivers };
}
