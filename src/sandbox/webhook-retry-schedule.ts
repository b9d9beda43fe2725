// HubSpot's webhook retry rule, from its webhooks guide: a failed delivery (no connection, no answer within
// 5 seconds, or any 4xx/5xx status) is sent again up to 10 times, spread over the next 24 hours with varying
// delays, each notification with some randomization; `attemptNumber` counts from 0.

export const webhookRetryPolicy = {
  maxRetries: 10,
  windowMilliseconds: 24 * 60 * 60 * 1000,
  timeoutMilliseconds: 5_000,
  /** At most this share of a delay is taken off at random, so retries of one failure spread out but stay in the window. */
  jitter: 0.2,
} as const;

const doublingSum = 2 ** webhookRetryPolicy.maxRetries - 1;

/**
 * The wait before retry `retry` (1 to 10) of a notification: doubling from about 84 s to about 12 h, the ten
 * summing to 24 h before randomization; `timeScale` shrinks HubSpot's day (tests use e.g. 1e-5).
 */
export function retryDelayMilliseconds(retry: number, random: () => number, timeScale = 1): number {
  if (!Number.isInteger(retry) || retry < 1 || retry > webhookRetryPolicy.maxRetries) {
    throw new RangeError(`retry must be 1 to ${webhookRetryPolicy.maxRetries}, got ${retry}`);
  }
  const base = (webhookRetryPolicy.windowMilliseconds * 2 ** (retry - 1)) / doublingSum;
  return base * (1 - webhookRetryPolicy.jitter * random()) * timeScale;
}

/** What one delivery attempt came to; HubSpot retries every failure, whatever its status. */
export type DeliveryOutcome = { readonly kind: 'delivered' } | { readonly kind: 'failed'; readonly reason: string };

export function outcomeOfStatus(status: number): DeliveryOutcome {
  return status >= 200 && status < 300 ? { kind: 'delivered' } : { kind: 'failed', reason: `HTTP ${status}` };
}
