import { z } from 'zod';

export const healthBandSchema = z.enum(['red', 'yellow', 'green']);

export type HealthBand = z.infer<typeof healthBandSchema>;

/** Where the bands start; health-settings.ts holds a portal's (this file imports nothing of it, so they form no cycle). */
export interface HealthBandThresholds {
  readonly greenFrom: number;
  readonly yellowFrom: number;
}

/** Bands apply to the whole-number score, so 39 is red and 40 is yellow by default. */
export function healthBandFor(score: number, settings: { readonly bands: HealthBandThresholds }): HealthBand {
  if (score >= settings.bands.greenFrom) return 'green';
  if (score >= settings.bands.yellowFrom) return 'yellow';
  return 'red';
}
