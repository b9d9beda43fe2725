import { Client } from '@hubspot/api-client';
import pRetry, { AbortError } from 'p-retry';
import { z } from 'zod';
import type { Logger } from '../config/logger';
import { headersOf, isHeldByBudget, rateLimitPolicyOf, waitAfter429, type DailyReset } from './limits/budget-decorator';
import { BudgetedClient, type HubSpotClientConfig } from './limits/budgeted-client';
import type { CallBudget } from './limits/call-budget';

export interface HubSpotConnection {
  readonly accessToken: string;
  /** The sandbox's URL, or undefined for HubSpot itself. */
  readonly baseUrl?: string;
  /** The pace without a shared budget (one process, one client): the tier's burst per 10 s. */
  readonly requestsPer10Seconds: number;
  /** The portal's budgets shared through the database; the client then paces by them instead. */
  readonly budget?: { readonly budget: CallBudget; readonly dailyReset: DailyReset };
}

/**
 * The official client, paced below the portal's limits: by the shared budgets when given, else by its own limiter.
 * Its own retry decorator is switched off: it sleeps 10 s on every 429, DAILY included, so `withRetry` does it instead.
 */
export function createHubSpotClient(connection: HubSpotConnection): Client {
  return new BudgetedClient(hubSpotClientConfig(connection), connection.budget);
}

export type { HubSpotClientConfig } from './limits/budgeted-client';

/** The configuration `createHubSpotClient` uses, for clients built on it (the per-portal OAuth client). */
export function hubSpotClientConfig(connection: HubSpotConnection): HubSpotClientConfig {
  return {
    accessToken: connection.accessToken,
    ...(connection.baseUrl ? { basePath: connection.baseUrl.replace(/\/$/, '') } : {}),
    numberOfApiCallRetries: 0,
    // With a shared budget the budget paces; the limiter only bounds concurrency.
    limiterOptions: connection.budget
      ? { maxConcurrent: 4 }
      : { maxConcurrent: 4, minTime: Math.ceil(10_000 / connection.requestsPer10Seconds) },
  };
}

/** HubSpot's batch read limit (records per request), for objects and associations alike. */
export const batchReadSize = 100;

const apiErrorSchema = z.object({
  code: z.number().int(),
  headers: z.record(z.string(), z.string()).optional(),
});

export function statusOf(error: unknown): number | undefined {
  const parsed = apiErrorSchema.safeParse(error);
  return parsed.success ? parsed.data.code : undefined;
}

/** An error no retry can fix (the portal must reinstall the app, for example) carries `permanent: true`. */
function isPermanent(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'permanent' in error && error.permanent === true;
}

export { rateLimitPolicyOf } from './limits/budget-decorator';

function isRetryable(status: number | undefined, serverErrors: boolean): boolean {
  // undefined: the request never got an HTTP answer (connection reset, DNS), worth another try.
  return status === 429 || (serverErrors && (status === undefined || status >= 500));
}

export interface RetryOptions {
  /**
   * false for a call that is not idempotent (a create): a 5xx or a lost answer may mean HubSpot did the work,
   * so only 429s, which HubSpot answers before doing anything, are retried.
   */
  readonly retryServerErrors?: boolean;
  readonly retries?: number;
  readonly minTimeoutMs?: number;
  readonly logger?: Logger;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Retries HubSpot's 429s (but DAILY), 5xx and network failures with exponential backoff and jitter; after a 429 it
 * first waits what HubSpot asks (Retry-After, else the rolling window).
 */
export function withRetry<T>(operation: string, call: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  return pRetry(
    async () => {
      try {
        return await call();
      } catch (error) {
        // DAILY lasts until the account's midnight: a retry only spends calls other apps of the account need.
        const daily = rateLimitPolicyOf(error) === 'DAILY';
        if (daily || isPermanent(error) || !isRetryable(statusOf(error), options.retryServerErrors ?? true))
          throw new AbortError(error instanceof Error ? error : String(error));
        throw error;
      }
    },
    {
      retries: options.retries ?? 6,
      minTimeout: options.minTimeoutMs ?? 500,
      maxTimeout: 15_000,
      factor: 2,
      randomize: true,
      onFailedAttempt: async ({ error, attemptNumber, retriesLeft }) => {
        options.logger?.warn(
          {
            operation,
            status: statusOf(error),
            policy: rateLimitPolicyOf(error),
            // Without an HTTP answer the status says nothing: the error's own message names the cause (DNS, refused).
            ...(statusOf(error) === undefined ? { reason: error.message } : {}),
            attemptNumber,
            retriesLeft,
          },
          retriesLeft > 0 ? 'HubSpot call failed, retrying' : 'HubSpot call failed, no retries left',
        );
        // A budgeted client's budget already holds the portal's next calls that long.
        if (statusOf(error) === 429 && retriesLeft > 0 && !isHeldByBudget(error))
          await sleep(waitAfter429(headersOf(error), options.minTimeoutMs ?? 1000));
      },
    },
  );
}
