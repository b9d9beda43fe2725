import { randomUUID } from 'node:crypto';
import type { RequestHandler, Response } from 'express';
import { z } from 'zod';

export const rateLimitOptionsSchema = z.object({
  /** Requests allowed per rolling interval; HubSpot's private-app burst limit is 190 per 10 s on paid tiers. */
  maxRequests: z.number().int().positive().default(190),
  intervalMilliseconds: z.number().int().positive().default(10_000),
});
export type RateLimitOptions = z.infer<typeof rateLimitOptionsSchema>;
export type RateLimitInput = z.input<typeof rateLimitOptionsSchema>;

/** HubSpot's 429 body for the ten-secondly rolling limit; the official client's retry logic keys on `policyName`. */
export function rateLimitBody(portalId: number): Record<string, string> {
  return {
    status: 'error',
    message: 'You have reached your ten_secondly_rolling limit.',
    errorType: 'RATE_LIMIT',
    correlationId: randomUUID(),
    policyName: 'TEN_SECONDLY_ROLLING',
    groupName: `publicapi:private_app-api-calls-ten-secondly:sandbox:${portalId}`,
  };
}

export class RollingRateLimiter {
  private hits: number[] = [];

  constructor(
    readonly options: RateLimitOptions,
    private readonly now: () => number,
  ) {}

  /** Takes one request from the window; a refused request is not counted, as with HubSpot. */
  take(): { allowed: boolean; remaining: number } {
    const now = this.now();
    this.hits = this.hits.filter((hit) => hit > now - this.options.intervalMilliseconds);
    if (this.hits.length >= this.options.maxRequests) return { allowed: false, remaining: 0 };
    this.hits.push(now);
    return { allowed: true, remaining: this.options.maxRequests - this.hits.length };
  }

  reset(): void {
    this.hits = [];
  }
}

function setHeaders(response: Response, options: RateLimitOptions, remaining: number): void {
  response.set({
    'X-HubSpot-RateLimit-Max': String(options.maxRequests),
    'X-HubSpot-RateLimit-Remaining': String(remaining),
    'X-HubSpot-RateLimit-Interval-Milliseconds': String(options.intervalMilliseconds),
  });
}

export function rateLimitMiddleware(limiter: RollingRateLimiter | undefined, portalId: () => number): RequestHandler {
  return (_request, response, next) => {
    if (!limiter) {
      next();
      return;
    }
    const { allowed, remaining } = limiter.take();
    setHeaders(response, limiter.options, remaining);
    if (allowed) next();
    else response.status(429).json(rateLimitBody(portalId()));
  };
}
