import type { Env } from '../../config/env';
import { z } from 'zod';
import { apiLimits, apiTiers, capacityPackDaily, tierLimits, type ApiLimits, type ApiTier } from './api-tiers';

/** The HubSpot limits the product keeps to: the tier set (HUBSPOT_API_TIER) or `auto`, read from the portal. */
export interface LimitSettings {
  readonly tier: ApiTier | 'auto';
  readonly capacityPacks: number;
  /** HUBSPOT_RATE_LIMIT_PER_10S: overrides the tier's burst. */
  readonly requestsPer10Seconds?: number;
  /** Benches only: HubSpot's windows divided by this factor, to match a sandbox run with the same scale. */
  readonly timeScale?: number;
}

export function limitSettingsFromEnv(env: Env): LimitSettings {
  return {
    tier: env.HUBSPOT_API_TIER,
    capacityPacks: env.HUBSPOT_CAPACITY_PACKS,
    ...(env.HUBSPOT_RATE_LIMIT_PER_10S ? { requestsPer10Seconds: env.HUBSPOT_RATE_LIMIT_PER_10S } : {}),
  };
}

/** The sandbox's limits for these settings: the tier set, or Professional (the sandbox's default) for `auto`. */
export function sandboxLimits(settings: LimitSettings): { tier: ApiTier; capacityPacks: number; maxRequests?: number } {
  return {
    tier: settings.tier === 'auto' ? 'professional' : settings.tier,
    capacityPacks: settings.capacityPacks,
    ...(settings.requestsPer10Seconds ? { maxRequests: settings.requestsPer10Seconds } : {}),
  };
}

/** The limits of a known tier; `auto` before the portal told its tier means Starter's, the lowest. */
export function limitsOf(
  settings: LimitSettings,
  tier: ApiTier = settings.tier === 'auto' ? 'starter' : settings.tier,
  capacityPacks = settings.capacityPacks,
): ApiLimits {
  return apiLimits({
    tier,
    capacityPacks,
    ...(settings.requestsPer10Seconds ? { maxRequests: settings.requestsPer10Seconds } : {}),
    timeScale: settings.timeScale ?? 1,
  });
}

/**
 * An app installed with OAuth may make "110 requests every 10 seconds" in each account that installed it, whatever
 * the account's tier or capacity packs, and has no daily limit (HubSpot's API usage guidelines; the changelog "Rate
 * limit headers will now appear for OAuth authenticated calls": "there is no daily limit for these calls").
 */
export const oauthAppBurst = 110;

/** The limits of an OAuth installation: HUBSPOT_RATE_LIMIT_PER_10S still overrides the burst. */
export function oauthAppLimits(settings: LimitSettings): ApiLimits {
  return limitsOf({ ...settings, requestsPer10Seconds: settings.requestsPer10Seconds ?? oauthAppBurst }, 'starter', 0);
}

const usageSchema = z.object({ results: z.array(z.object({ name: z.string(), usageLimit: z.number() })) });

/** The tier behind a daily limit: HubSpot's account-info usage endpoint tells the limit, not the tier's name. */
export function tierOfDailyLimit(daily: number): { tier: ApiTier; capacityPacks: number } {
  for (const packs of [0, 1, 2]) {
    const tier = [...apiTiers]
      .reverse()
      .find((candidate) => tierLimits[candidate].daily + packs * capacityPackDaily === daily);
    if (tier) return { tier, capacityPacks: packs };
  }
  return { tier: 'starter', capacityPacks: 0 };
}

export interface UsageSource {
  /** HubSpot's API, or the sandbox. */
  readonly baseUrl?: string;
  readonly accessToken: () => Promise<string> | string;
}

// The name HubSpot gives the private-app daily limit in that answer.
const privateAppsDailyUsage = 'private-apps-api-calls-daily';

/**
 * Reads the portal's daily limit (GET /account-info/v3/api-usage/daily/private-apps) once, outside the budget it
 * sets up; Starter's limits when it cannot. For a private-app (static) token: an OAuth installation has its own
 * limits (`oauthAppLimits`).
 */
export async function detectLimits(source: UsageSource, settings: LimitSettings): Promise<ApiLimits> {
  if (settings.tier !== 'auto') return limitsOf(settings);
  try {
    const url = `${(source.baseUrl ?? 'https://api.hubapi.com').replace(/\/$/, '')}/account-info/v3/api-usage/daily/private-apps`;
    const response = await fetch(url, { headers: { authorization: `Bearer ${await source.accessToken()}` } });
    if (!response.ok) return limitsOf(settings);
    const usage = usageSchema
      .parse(await response.json())
      .results.find((result) => result.name === privateAppsDailyUsage);
    if (!usage) return limitsOf(settings);
    const { tier, capacityPacks } = tierOfDailyLimit(usage.usageLimit);
    return limitsOf(settings, tier, capacityPacks);
  } catch {
    return limitsOf(settings);
  }
}
