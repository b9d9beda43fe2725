import { z } from 'zod';
import { DailyLimitReached, type CallBudget } from './call-budget';

export const rateLimitBodySchema = z.object({ policyName: z.string() }).loose();

const apiExceptionSchema = z.object({
  code: z.number().int(),
  headers: z.record(z.string(), z.string()).optional(),
  body: z.unknown().optional(),
});

/** HubSpot's `policyName` of a 429 answer (DAILY, TEN_SECONDLY_ROLLING, SECONDLY), from the official client's error. */
export function rateLimitPolicyOf(error: unknown): string | undefined {
  const parsed = apiExceptionSchema.safeParse(error);
  if (!parsed.success || parsed.data.code !== 429) return undefined;
  let body = parsed.data.body;
  if (typeof body === 'string') {
    try {
      body = JSON.parse(body);
    } catch {
      return undefined;
    }
  }
  const policy = rateLimitBodySchema.safeParse(body);
  return policy.success ? policy.data.policyName : undefined;
}

export function headersOf(error: unknown): Record<string, string> {
  const parsed = apiExceptionSchema.safeParse(error);
  return parsed.success ? (parsed.data.headers ?? {}) : {};
}

/** How long HubSpot asks us to wait: Retry-After if sent, else the rolling window's interval header, else `fallbackMs`. */
export function waitAfter429(headers: Record<string, string>, fallbackMs: number): number {
  const retryAfter = Number(headers['retry-after']);
  if (Number.isFinite(retryAfter) && retryAfter > 0) return retryAfter * 1000;
  const interval = Number(headers['x-hubspot-ratelimit-interval-milliseconds']);
  return Number.isFinite(interval) && interval > 0 ? interval : fallbackMs;
}

const heldErrors = new WeakSet<object>();

/** The budget already holds every call of the portal for this 429's wait: a retry need not wait on top of it. */
export function isHeldByBudget(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  // An error made from an `apiRequest` answer carries it: the budget held that answer.
  const answer = 'answer' in error ? error.answer : undefined;
  return heldErrors.has(error) || (typeof answer === 'object' && answer !== null && heldErrors.has(answer));
}

/** When the portal's daily limit resets: the next midnight in the account's time zone. */
export type DailyReset = (now: number) => Promise<Date>;

type Method = (...args: unknown[]) => Promise<unknown>;

const answerSchema = z.object({
  status: z.number(),
  headers: z.object({ forEach: z.function() }).loose(),
  clone: z.function(),
});

/** A 429 HTTP answer (`apiRequest`'s) as the official client's error would carry it; undefined for anything else. */
async function refusalOf(
  result: unknown,
): Promise<{ code: 429; headers: Record<string, string>; body: string } | undefined> {
  const answer = answerSchema.safeParse(result);
  if (!answer.success || answer.data.status !== 429) return undefined;
  const response = result as Response;
  return { code: 429, headers: answerHeaders(response), body: await response.clone().text() };
}

/** An HTTP answer's headers with lower-case names, as the official client's errors carry them. */
export function answerHeaders(answer: {
  readonly headers: { forEach(each: (value: string, name: string) => void): void };
}): Record<string, string> {
  const headers: Record<string, string> = {};
  answer.headers.forEach((value, name) => {
    headers[name.toLowerCase()] = value;
  });
  return headers;
}

/**
 * A decorator of the official client's API methods: every call waits for its slot in the portal's budgets (CRM
 * search, `doSearch`, also for the search limit), and a 429 moves the budget for every process; DAILY pauses the
 * portal until the reset and fails the call with DailyLimitReached, which no retry repeats.
 */
export class BudgetDecorator {
  constructor(
    private readonly budget: CallBudget,
    private readonly dailyReset: DailyReset,
  ) {}

  decorate(method: Method): Method {
    // The client binds each API method before decorating it, so the name is `bound doSearch`.
    const isSearch = /\bdoSearch$/.test(method.name);
    return async (...args) => {
      await this.budget.acquire(isSearch);
      let result: unknown;
      try {
        result = await method(...args);
      } catch (error) {
        await this.afterFailure(error);
        throw error;
      }
      // `apiRequest` answers a 429 instead of throwing it: it moves the budget the same (DAILY throws here).
      const refused = await refusalOf(result);
      if (refused) {
        await this.afterFailure(refused);
        if (heldErrors.has(refused)) heldErrors.add(result as object);
      }
      return result;
    };
  }

  private async afterFailure(error: unknown): Promise<void> {
    const policy = rateLimitPolicyOf(error);
    if (policy === undefined) return;
    if (policy === 'DAILY') {
      const resetAt = await this.dailyReset(Date.now());
      await this.budget.pauseDaily(resetAt, `HubSpot answered 429 ${policy}`);
      throw new DailyLimitReached(this.budget.portalId, resetAt);
    }
    const limits = await this.budget.limits();
    const search = policy === 'SECONDLY';
    const window = search ? limits.search.intervalMilliseconds : limits.burst.intervalMilliseconds;
    // The budget's own log already keeps calls a window apart, so a 429 means arrivals bunched up (or other apps of
    // the account called): hold a tenth of the window unless HubSpot says how long (Retry-After); the retries' backoff
    // grows if the 429s go on.
    const retryAfter = Number(headersOf(error)['retry-after']);
    await this.budget.hold(
      search ? 'search' : 'burst',
      Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : window / 10,
    );
    if (typeof error === 'object' && error !== null) heldErrors.add(error);
  }
}
