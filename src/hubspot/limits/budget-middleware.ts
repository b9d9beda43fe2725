import { z } from 'zod';
import { DailyLimitReached, type CallBudget } from './call-budget';

interface RequestContextLike {
  getUrl(): string;
  getHttpMethod(): string;
}

interface ResponseBodyLike {
  text(): Promise<string>;
  binary(): Promise<Buffer>;
}

interface ResponseContextLike {
  httpStatusCode: number;
  headers: Record<string, string>;
  body: ResponseBodyLike;
}

function isRequestContext(value: unknown): value is RequestContextLike {
  return typeof value === 'object' && value !== null && 'getUrl' in value && typeof value.getUrl === 'function'
    && 'getHttpMethod' in value && typeof value.getHttpMethod === 'function';
}

function isResponseContext(value: unknown): value is ResponseContextLike {
  return typeof value === 'object' && value !== null && 'httpStatusCode' in value && typeof value.httpStatusCode === 'number'
    && 'body' in value && typeof value.body === 'object' && value.body !== null && 'text' in value.body && typeof value.body.text === 'function';
}

/** CRM search (`POST /crm/v3/objects/{type}/search`) has its own per-second limit. */
export function isSearchRequest(method: string, url: string): boolean {
  return method.toUpperCase() === 'POST' && /\/crm\/v3\/objects\/[^/]+\/search\/?$/.test(new URL(url).pathname);
}

export const rateLimitBodySchema = z.object({ policyName: z.string() }).passthrough();

function policyOf(text: string): string | undefined {
  try {
    const parsed = rateLimitBodySchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data.policyName : undefined;
  } catch {
    return undefined;
  }
}

/** How long HubSpot asks us to wait: Retry-After if sent, else the rolling window's interval header, else `fallbackMs`. */
export function waitAfter429(headers: Record<string, string>, fallbackMs: number): number {
  const retryAfter = Number(headers['retry-after']);
  if (Number.isFinite(retryAfter) && retryAfter > 0) return retryAfter * 1000;
  const interval = Number(headers['x-hubspot-ratelimit-interval-milliseconds']);
  return Number.isFinite(interval) && interval > 0 ? interval : fallbackMs;
}

export interface DailyReset {
  /** When the portal's daily limit resets: the next midnight in the account's time zone. */
  (now: number): Promise<Date>;
}

/**
 * The official client's middleware: every request waits for its slot in the portal's budgets, and a 429 moves the
 * budget for every process (DAILY pauses the portal until the reset and fails the call for good).
 */
export function budgetMiddleware(budget: CallBudget, dailyReset: DailyReset) {
  return [{
    pre: async (context: unknown): Promise<unknown> => {
      if (isRequestContext(context)) await budget.acquire(isSearchRequest(context.getHttpMethod(), context.getUrl()));
      return context;
    },
    post: async (context: unknown): Promise<unknown> => {
      if (!isResponseContext(context) || context.httpStatusCode !== 429) return context;
      const text = await context.body.text();
      // The body is read once here; the client reads it again to build its error.
      context.body = { text: () => Promise.resolve(text), binary: () => Promise.resolve(Buffer.from(text)) };
      const policy = policyOf(text);
      const limits = await budget.limits();
      if (policy === 'DAILY') {
        const resetAt = await dailyReset(Date.now());
        await budget.pauseDaily(resetAt, text);
        throw new DailyLimitReached(budget.portalId, resetAt);
      }
      const search = policy === 'SECONDLY';
      await budget.hold(search ? 'search' : 'burst', waitAfter429(context.headers, search ? limits.search.intervalMilliseconds : limits.burst.intervalMilliseconds));
      return context;
    },
  }];
}
