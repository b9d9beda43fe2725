import { z } from 'zod';

// The sandbox's own copy of HubSpot's published limits, kept apart from the product's (src/hubspot/limits) so the
// stand-in enforces HubSpot's figures, not the product's beliefs; test/sandbox/api-tiers.test.ts holds the two equal.
// HubSpot's published limits for apps installed in one account (API usage guidelines): the burst per rolling
// 10 s and the daily limit by subscription tier; the API limit increase capacity pack lifts the burst to 250
// (packs do not stack on the burst) and adds 1,000,000 a day per pack. CRM search has its own per-second limit.
export const apiTiers = ['free', 'starter', 'professional', 'enterprise'] as const;
export type ApiTier = (typeof apiTiers)[number];

export const tierLimits: Record<ApiTier, { readonly burst: number; readonly daily: number }> = {
  free: { burst: 100, daily: 250_000 },
  starter: { burst: 100, daily: 250_000 },
  professional: { burst: 190, daily: 625_000 },
  enterprise: { burst: 190, daily: 1_000_000 },
};
export const capacityPackBurst = 250;
export const capacityPackDaily = 1_000_000;
export const burstIntervalMilliseconds = 10_000;
export const searchRequestsPerSecond = 5;
/** An app installed with OAuth: "110 requests every 10 seconds" per account whatever its tier, no daily limit. */
export const oauthAppBurst = 110;

export const apiLimitsInputSchema = z.object({
  tier: z.enum(apiTiers).default('professional'),
  capacityPacks: z.number().int().min(0).max(2).default(0),
  /** Overrides of the tier's figures, for tests. */
  maxRequests: z.number().int().positive().optional(),
  daily: z.number().int().positive().optional(),
  searchPerSecond: z.number().int().positive().default(searchRequestsPerSecond),
  /** Speeds the burst and search windows up by this factor (10 s / timeScale), so benches can scale time. */
  timeScale: z.number().positive().default(1),
  /** The calls are an OAuth-installed app's: its own burst (`oauthAppBurst`) and no daily limit. */
  oauthApp: z.boolean().default(false),
});
export type ApiLimitsInput = z.input<typeof apiLimitsInputSchema>;

export interface ApiLimits {
  readonly tier: ApiTier;
  readonly capacityPacks: number;
  readonly burst: { readonly max: number; readonly intervalMilliseconds: number };
  readonly daily: number;
  readonly search: { readonly max: number; readonly intervalMilliseconds: number };
}

export function apiLimits(input: ApiLimitsInput = {}): ApiLimits {
  const options = apiLimitsInputSchema.parse(input);
  const base = tierLimits[options.tier];
  const packed = options.capacityPacks > 0;
  return {
    tier: options.tier,
    capacityPacks: options.capacityPacks,
    burst: {
      max: options.maxRequests ?? (packed ? capacityPackBurst : base.burst),
      intervalMilliseconds: burstIntervalMilliseconds / options.timeScale,
    },
    daily: options.daily ?? base.daily + options.capacityPacks * capacityPackDaily,
    search: { max: options.searchPerSecond, intervalMilliseconds: 1000 / options.timeScale },
  };
}
