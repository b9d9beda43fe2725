import { Client } from '@hubspot/api-client';
import pRetry, { AbortError } from 'p-retry';
import { z } from 'zod';
import type { Logger } from '../config/logger';

export interface HubSpotConnection {
  readonly accessToken: string;
  /** The sandbox's URL, or undefined for HubSpot itself. */
  readonly baseUrl?: string;
  readonly requestsPer10Seconds: number;
}

/**
 * The official client, paced below the portal's rolling limit. Its own retry decorator is switched off:
 * it sleeps 10 s on every 429 and gives up on 429s without a policy name, so `withRetry` does it instead.
 */
export function createHubSpotClient(connection: HubSpotConnection): Client {
  return new Client(hubSpotClientConfig(connection));
}

export type HubSpotClientConfig = NonNullable<ConstructorParameters<typeof Client>[0]>;

/** The configuration `createHubSpotClient` uses, for clients built on it (the per-portal OAuth client). */
export function hubSpotClientConfig(connection: HubSpotConnection): HubSpotClientConfig {
  return {
    accessToken: connection.accessToken,
    ...(connection.baseUrl ? { basePath: connection.baseUrl.replace(/\/$/, '') } : {}),
    numberOfApiCallRetries: 0,
    limiterOptions: {
      maxConcurrent: 4,
      minTime: Math.ceil(10_000 / connection.requestsPer10Seconds),
    },
  };
}

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

/** Retries HubSpot's 429s, 5xx and network failures with exponential backoff and jitter. */
export function withRetry<T>(operation: string, call: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  return pRetry(
    async () => {
      try {
        return await call();
      } catch (error) {
        if (isPermanent(error) || !isRetryable(statusOf(error), options.retryServerErrors ?? true)) throw new AbortError(error instanceof Error ? error : String(error));
        throw error;
      }
    },
    {
      retries: options.retries ?? 6,
      minTimeout: options.minTimeoutMs ?? 500,
      maxTimeout: 15_000,
      factor: 2,
      randomize: true,
      onFailedAttempt: ({ error, attemptNumber, retriesLeft }) => {
        options.logger?.warn({ operation, status: statusOf(error), attemptNumber, retriesLeft }, 'HubSpot call failed, retrying');
      },
    },
  );
}
