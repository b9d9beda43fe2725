import type { Request, RequestHandler, Response } from 'express';
import { apiLimits, rateLimitBody, type ApiLimits, type ApiLimitsInput, type PolicyName } from './api-limits';
import { oauthAppBurst } from './api-tiers';

export { rateLimitBody } from './api-limits';
export type RateLimitInput = ApiLimitsInput;

/** A rolling window: at most `max` calls in any `intervalMilliseconds`. */
export class RollingWindow {
  private hits: number[] = [];

  constructor(
    readonly max: number,
    readonly intervalMilliseconds: number,
  ) {}

  remaining(now: number): number {
    this.hits = this.hits.filter((hit) => hit > now - this.intervalMilliseconds);
    return Math.max(0, this.max - this.hits.length);
  }

  take(now: number): void {
    this.hits.push(now);
  }

  reset(): void {
    this.hits = [];
  }
}

/** The calendar day in the portal's time zone: HubSpot's daily limit resets at the account's midnight. */
function dayOf(now: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

export interface LimitCounts {
  /** Calls each limit let through (searches count in the burst and the daily limit too). */
  readonly allowed: Record<'tenSecondly' | 'daily' | 'searchSecondly', number>;
  /** Calls refused with a 429, by policy. */
  readonly refused: Record<PolicyName, number>;
  readonly dailyUsed: number;
}

/**
 * HubSpot's three limits for one portal: the burst per 10 s, the daily limit, and CRM search per second. Calls of an
 * app installed with OAuth (input `oauthApp`) have the app's burst instead of the tier's, and no daily limit;
 * `limits.daily` is still the account's, which the private-app usage endpoint reports.
 */
export class PortalRateLimits {
  readonly limits: ApiLimits;
  readonly oauthApp: boolean;
  private readonly burst: RollingWindow;
  private readonly search: RollingWindow;
  private day = '';
  private dailyUsed = 0;
  private counts = emptyCounts();

  constructor(
    input: ApiLimitsInput,
    private readonly now: () => number,
    private readonly timeZone: () => string,
  ) {
    const tier = apiLimits(input);
    this.oauthApp = input.oauthApp ?? false;
    this.limits = this.oauthApp ? { ...tier, burst: { ...tier.burst, max: input.maxRequests ?? oauthAppBurst } } : tier;
    this.burst = new RollingWindow(this.limits.burst.max, this.limits.burst.intervalMilliseconds);
    this.search = new RollingWindow(this.limits.search.max, this.limits.search.intervalMilliseconds);
  }

  private dailyRemaining(now: number): number {
    const day = dayOf(now, this.timeZone());
    if (day !== this.day) {
      this.day = day;
      this.dailyUsed = 0;
    }
    return Math.max(0, this.limits.daily - this.dailyUsed);
  }

  /** Uses up today's calls but `left`, as if other apps had made them. */
  useDaily(left: number): void {
    this.dailyRemaining(this.now());
    this.dailyUsed = Math.max(0, this.limits.daily - left);
  }

  /** Takes one call from every limit it falls under; a refused call uses none of them. */
  take(isSearch: boolean): { refused?: PolicyName; burstRemaining: number; dailyRemaining: number } {
    const now = this.now();
    const daily = this.dailyRemaining(now);
    const burst = this.burst.remaining(now);
    const refused: PolicyName | undefined =
      daily === 0 && !this.oauthApp
        ? 'DAILY'
        : isSearch && this.search.remaining(now) === 0
          ? 'SECONDLY'
          : burst === 0
            ? 'TEN_SECONDLY_ROLLING'
            : undefined;
    if (refused) {
      this.counts.refused[refused] += 1;
      return { refused, burstRemaining: burst, dailyRemaining: daily };
    }
    this.burst.take(now);
    this.dailyUsed += 1;
    this.counts.allowed.tenSecondly += 1;
    this.counts.allowed.daily += 1;
    if (isSearch) {
      this.search.take(now);
      this.counts.allowed.searchSecondly += 1;
    }
    return { burstRemaining: burst - 1, dailyRemaining: daily - 1 };
  }

  snapshot(): LimitCounts {
    return { allowed: { ...this.counts.allowed }, refused: { ...this.counts.refused }, dailyUsed: this.dailyUsed };
  }

  resetCounts(): void {
    this.counts = emptyCounts();
  }

  reset(): void {
    this.burst.reset();
    this.search.reset();
    this.dailyUsed = 0;
  }
}

function emptyCounts() {
  return {
    allowed: { tenSecondly: 0, daily: 0, searchSecondly: 0 },
    refused: { TEN_SECONDLY_ROLLING: 0, DAILY: 0, SECONDLY: 0 },
  };
}

const isSearchCall = (request: Request): boolean => request.method === 'POST' && /\/search\/?$/.test(request.path);

function setHeaders(
  limiter: PortalRateLimits,
  response: Response,
  burstRemaining: number,
  dailyRemaining: number,
): void {
  const { limits } = limiter;
  // "OAuth authenticated calls will not include X-HubSpot-RateLimit-Daily or X-HubSpot-RateLimit-Daily-Remaining".
  if (!limiter.oauthApp)
    response.set({
      'X-HubSpot-RateLimit-Daily': String(limits.daily),
      'X-HubSpot-RateLimit-Daily-Remaining': String(dailyRemaining),
    });
  response.set({
    'X-HubSpot-RateLimit-Max': String(limits.burst.max),
    'X-HubSpot-RateLimit-Remaining': String(burstRemaining),
    'X-HubSpot-RateLimit-Interval-Milliseconds': String(limits.burst.intervalMilliseconds),
  });
}

export function rateLimitMiddleware(limiter: PortalRateLimits | undefined, portalId: () => number): RequestHandler {
  return (request, response, next) => {
    if (!limiter) {
      next();
      return;
    }
    const search = isSearchCall(request);
    const { refused, burstRemaining, dailyRemaining } = limiter.take(search);
    // HubSpot's search endpoints answer without the X-HubSpot-RateLimit headers, their 429s included.
    if (!search) setHeaders(limiter, response, burstRemaining, dailyRemaining);
    if (refused) response.status(429).json(rateLimitBody(portalId(), refused));
    else next();
  };
}
