import { z } from 'zod';
import { catalogIdSchema } from '../catalog/catalog-settings';

const seatExpansionSettingsSchema = z
  .object({
    productId: catalogIdSchema.default('core'),
    minUtilizationPercent: z.number().positive().default(90),
    sustainedDays: z.number().int().positive().default(14),
    // Enough seats are suggested to bring utilization down to this level.
    targetUtilizationPercent: z.number().positive().default(80),
    minimumSeats: z.number().int().positive().default(1),
  })
  .refine((settings) => settings.targetUtilizationPercent <= settings.minUtilizationPercent, {
    error: 'targetUtilizationPercent must not exceed minUtilizationPercent',
  });

const planUpgradeSettingsSchema = z.object({
  nearSeatLimitPercent: z.number().positive().default(90),
});

/**
 * Cross-sell similarity: among peer customers, the "signature" features of product X's owners
 * are the features (outside X) that at least `minOwnerSharePercent` of them used and that they
 * use at least `minLift` times as often as customers without X. A company matches when it used
 * at least `minMatchedFeatures` of the top `signatureSize` signature features.
 */
const crossSellSettingsSchema = z.object({
  minOwners: z.number().int().positive().default(3),
  minOwnerSharePercent: z.number().min(0).max(100).default(50),
  minLift: z.number().positive().default(1.5),
  signatureSize: z.number().int().positive().default(3),
  minMatchedFeatures: z.number().int().positive().default(2),
});

export const suggestionSettingsSchema = z.object({
  seatExpansion: seatExpansionSettingsSchema.prefault({}),
  planUpgrade: planUpgradeSettingsSchema.prefault({}),
  crossSell: crossSellSettingsSchema.prefault({}),
  dismissalDays: z.number().int().positive().default(90),
});

export type SuggestionSettings = z.infer<typeof suggestionSettingsSchema>;
