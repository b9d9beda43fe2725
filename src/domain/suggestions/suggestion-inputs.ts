import { z } from 'zod';
import { catalogIdSchema, featureKeySchema } from '../catalog/catalog-settings';
import { healthBandSchema } from '../health/health-band';
import { calendarDateSchema } from '../time/calendar-date';

export const suggestionKindSchema = z.enum(['seat_expansion', 'plan_upgrade', 'cross_sell']);

/** One product line the company pays for today; the plan is inferred from the price when absent. */
export const ownedProductSchema = z.object({
  productId: catalogIdSchema,
  planId: catalogIdSchema.nullable(),
  seats: z.number().int().positive().nullable(),
  mrrCents: z.number().int().nonnegative(),
});

/** Active users over the trailing 30 days and seats bought, as of one day. */
export const seatDaySchema = z.object({
  date: calendarDateSchema,
  activeUsers: z.number().int().nonnegative(),
  seats: z.number().int().positive().nullable(),
});

/** Another customer's products and the features it used in the last 30 days. */
export const peerProfileSchema = z.object({
  ownedProductIds: z.array(catalogIdSchema),
  featuresUsed: z.array(featureKeySchema),
});

export const dismissalSchema = z.object({
  kind: suggestionKindSchema,
  // Without a product the dismissal covers the kind for every product.
  productId: catalogIdSchema.optional(),
  dismissedOn: calendarDateSchema,
});

export const suggestionInputSchema = z.object({
  asOf: calendarDateSchema,
  healthBand: healthBandSchema.nullable(),
  onboardingComplete: z.boolean(),
  activeUsers: z.number().int().nonnegative(),
  ownedProducts: z.array(ownedProductSchema),
  seatHistory: z.array(seatDaySchema),
  // Distinct users per feature in the last 30 days.
  featureUsers: z.record(featureKeySchema, z.number().int().nonnegative()),
  peers: z.array(peerProfileSchema),
  dismissals: z.array(dismissalSchema),
});

export type OwnedProduct = z.infer<typeof ownedProductSchema>;
export type SeatDay = z.infer<typeof seatDaySchema>;
export type PeerProfile = z.infer<typeof peerProfileSchema>;
export type Dismissal = z.infer<typeof dismissalSchema>;
export type SuggestionInput = z.infer<typeof suggestionInputSchema>;
