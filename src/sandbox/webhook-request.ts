import { createHmac } from 'node:crypto';
import { outcomeOfStatus, webhookRetryPolicy, type DeliveryOutcome } from './webhook-retry-schedule';

/** HubSpot's v3 request signature: base64(HMAC-SHA256(clientSecret, method + uri + body + timestamp)). */
export function hubspotSignatureV3(
  clientSecret: string,
  method: string,
  uri: string,
  body: string,
  timestamp: string,
): string {
  return createHmac('sha256', clientSecret).update(`${method}${uri}${body}${timestamp}`, 'utf8').digest('base64');
}

// fetch says only "fetch failed"; the cause names it (ECONNREFUSED, a timeout).
function describeFailure(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? error.cause.message : undefined;
  return cause ? `${error.message}: ${cause}` : error.message;
}

export interface SignedBatchTarget {
  readonly targetUrl: string;
  readonly clientSecret: string;
  readonly timeoutMilliseconds?: number;
}

/** Posts one batch body signed as HubSpot signs it; any answer but a 2xx, a refused connection or a timeout is a failure. */
export async function postSignedBatch(target: SignedBatchTarget, body: string): Promise<DeliveryOutcome> {
  const timestamp = String(Date.now());
  try {
    const response = await fetch(target.targetUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-hubspot-signature-v3': hubspotSignatureV3(target.clientSecret, 'POST', target.targetUrl, body, timestamp),
        'x-hubspot-request-timestamp': timestamp,
      },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(target.timeoutMilliseconds ?? webhookRetryPolicy.timeoutMilliseconds),
    });
    await response.arrayBuffer();
    return outcomeOfStatus(response.status);
  } catch (error) {
    return { kind: 'failed', reason: describeFailure(error) };
  }
}
