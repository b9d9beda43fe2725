import { z } from 'zod';
import type { HealthSettings } from './health-settings';

export const healthBandSchema = z.enum(['red', 'yellow', 'green']);

export type HealthBand = z.infer<typeof healthBandSchema>;

/** Bands apply to the whole-number score, so 39 is red and 40 is yellow by default. */
export function healthBandFor(score: number, settings: HealthSettings): HealthBand {
  if (score >= settings.bands.greenFrom) return 'green';
  if (score >= settings.bands.yellowFrom) return 'yellow';
  return 'red';
}
