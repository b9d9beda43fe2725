import { z } from 'zod';
import type { LifecycleSettings } from './lifecycle-settings';

export const touchModelSchema = z.enum(['high_touch', 'low_touch', 'tech_touch']);

export type TouchModel = z.infer<typeof touchModelSchema>;

/** Tier thresholds are inclusive lower bounds on company MRR in cents. */
export function touchModelFor(mrrCents: number, settings: LifecycleSettings): TouchModel {
  if (mrrCents >= settings.touchModel.highTouchMinMrrCents) return 'high_touch';
  if (mrrCents >= settings.touchModel.lowTouchMinMrrCents) return 'low_touch';
  return 'tech_touch';
}
