import { z } from 'zod';
import { calendarDateSchema } from '../time/calendar-date';

const money = z.number().int().nonnegative();

export const seatExpansionSuggestionSchema = z.object({
  kind: z.literal('seat_expansion'),
  productId: z.string(),
  estimatedMrrCents: money,
  suggestedSeats: z.number().int().positive(),
  evidence: z.object({
    windowStart: calendarDateSchema,
    windowDays: z.number().int(),
    lowestUtilizationPercent: z.number(),
    currentUtilizationPercent: z.number(),
    activeUsers: z.number().int(),
    seats: z.number().int(),
    targetUtilizationPercent: z.number(),
    pricePerSeatCents: money,
  }),
});

export const planUpgradeReasonSchema = z.enum(['higher_plan_features_used', 'near_seat_limit']);

export const planUpgradeSuggestionSchema = z.object({
  kind: z.literal('plan_upgrade'),
  productId: z.string(),
  fromPlanId: z.string(),
  toPlanId: z.string(),
  estimatedMrrCents: money,
  evidence: z.object({
    reasons: z.array(planUpgradeReasonSchema).min(1),
    higherPlanFeaturesUsed: z.array(z.object({ feature: z.string(), users: z.number().int() })),
    seats: z.number().int(),
    seatLimit: z.number().int().nullable(),
    seatLimitUsePercent: z.number().nullable(),
    pricePerSeatDifferenceCents: z.number().int(),
  }),
});

export const crossSellSuggestionSchema = z.object({
  kind: z.literal('cross_sell'),
  productId: z.string(),
  planId: z.string(),
  estimatedMrrCents: money,
  evidence: z.object({
    owners: z.number().int(),
    nonOwners: z.number().int(),
    signatureFeatures: z.array(
      z.object({ feature: z.string(), ownerSharePercent: z.number(), nonOwnerSharePercent: z.number() }),
    ),
    matchedFeatures: z.array(z.string()),
    estimatedUsers: z.number().int(),
    pricePerSeatCents: money,
  }),
});

export const suggestionSchema = z.discriminatedUnion('kind', [
  seatExpansionSuggestionSchema,
  planUpgradeSuggestionSchema,
  crossSellSuggestionSchema,
]);

export type SeatExpansionSuggestion = z.infer<typeof seatExpansionSuggestionSchema>;
export type PlanUpgradeSuggestion = z.infer<typeof planUpgradeSuggestionSchema>;
export type CrossSellSuggestion = z.infer<typeof crossSellSuggestionSchema>;
export type Suggestion = z.infer<typeof suggestionSchema>;
