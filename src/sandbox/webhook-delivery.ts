import { createHmac } from 'node:crypto';
import { loadAppConfig } from '../hubspot/project/app-config';
import { resolveObjectType } from './object-types';
import type { SandboxStore } from './store';
import { webhookEventsFor, type WebhookEventBody, type WebhookSubscription } from './webhook-events';

export interface WebhookDeliveryOptions {
  /** Where HubSpot posts: the service's public URL plus app.json `webhooks.targetPath`. It is part of what is signed. */
  readonly targetUrl: string;
  readonly clientSecret: string;
  readonly appId?: number;
  /** Defaults to app.json `webhooks.objects`. */
  readonly subscriptions?: readonly WebhookSubscription[];
  /** HubSpot sends at most 100 events per request. */
  readonly maxBatchSize?: number;
  /** How long changes gather before a batch goes out. */
  readonly flushDelayMilliseconds?: number;
  /** Attempts per batch before it is dropped (HubSpot makes up to 10 over a day; the sandbox retries quickly). */
  readonly maxAttempts?: number;
  readonly retryDelayMilliseconds?: number;
  readonly timeoutMilliseconds?: number;
}

export interface WebhookDeliveryStats {
  readonly queued: number;
  readonly delivered: number;
  readonly requests: number;
  readonly failedAttempts: number;
  readonly dropped: number;
  readonly lastError: string | null;
}

/** HubSpot's v3 request signature: base64(HMAC-SHA256(clientSecret, method + uri + body + timestamp)). */
export function hubspotSignatureV3(clientSecret: string, method: string, uri: string, body: string, timestamp: string): string {
  return createHmac('sha256', clientSecret).update(`${method}${uri}${body}${timestamp}`, 'utf8').digest('base64');
}

export function subscriptionsFromAppConfig(): WebhookSubscription[] {
  return loadAppConfig().webhooks.objects.flatMap(({ objectType, events, properties }) => {
    const type = resolveObjectType(objectType);
    return type ? [{ objectType: type, events, properties }] : [];
  });
}

const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

/** Turns the store's changes into signed v3 webhook batches posted to the app, the way HubSpot delivers them. */
export class WebhookDelivery {
  private readonly queue: WebhookEventBody[] = [];
  private readonly subscriptions: readonly WebhookSubscription[];
  private readonly unsubscribe: () => void;
  private nextEventId: number;
  private timer: NodeJS.Timeout | undefined;
  private work: Promise<void> = Promise.resolve();
  private stopped = false;
  private counts = { delivered: 0, requests: 0, failedAttempts: 0, dropped: 0 };
  private lastError: string | null = null;

  constructor(
    private readonly store: SandboxStore,
    private readonly options: WebhookDeliveryOptions,
  ) {
    this.subscriptions = options.subscriptions ?? subscriptionsFromAppConfig();
    // Unique across sandbox restarts, so a persistent service database never takes new events for old ones.
    this.nextEventId = Date.now() * 1000;
    this.unsubscribe = store.events.onChange((change) => {
      const events = webhookEventsFor(change, this.subscriptions, {
        portalId: store.portal.id, appId: options.appId ?? 1, nextEventId: () => this.nextEventId++,
      });
      if (events.length === 0 || this.stopped) return;
      this.queue.push(...events);
      this.timer ??= setTimeout(() => this.flush(), options.flushDelayMilliseconds ?? 20);
    });
  }

  stats(): WebhookDeliveryStats {
    return { queued: this.queue.length, ...this.counts, lastError: this.lastError };
  }

  /** Sends what is queued now instead of after the flush delay. */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const size = this.options.maxBatchSize ?? 100;
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, size);
      // One request at a time, in order: the service still has to cope with HubSpot's reordering in general.
      this.work = this.work.then(() => this.deliver(batch));
    }
  }

  /** Resolves once every change so far has been delivered or dropped. */
  async idle(): Promise<void> {
    while (this.queue.length > 0 || this.timer !== undefined) {
      this.flush();
      await this.work;
    }
    await this.work;
  }

  stop(): void {
    this.stopped = true;
    this.unsubscribe();
    clearTimeout(this.timer);
    this.timer = undefined;
    this.queue.length = 0;
  }

  private async deliver(batch: readonly WebhookEventBody[]): Promise<void> {
    const maxAttempts = this.options.maxAttempts ?? 4;
    for (let attempt = 0; attempt < maxAttempts && !this.stopped; attempt += 1) {
      if (attempt > 0) await sleep((this.options.retryDelayMilliseconds ?? 100) * 2 ** (attempt - 1));
      const outcome = await this.post(batch, attempt);
      if (outcome === 'delivered') {
        this.counts.delivered += batch.length;
        return;
      }
      this.counts.failedAttempts += 1;
      if (outcome === 'rejected') break;
    }
    this.counts.dropped += batch.length;
  }

  private async post(batch: readonly WebhookEventBody[], attemptNumber: number): Promise<'delivered' | 'retry' | 'rejected'> {
    const body = JSON.stringify(batch.map((event) => ({ ...event, attemptNumber })));
    const timestamp = String(Date.now());
    this.counts.requests += 1;
    try {
      const response = await fetch(this.options.targetUrl, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-hubspot-signature-v3': hubspotSignatureV3(this.options.clientSecret, 'POST', this.options.targetUrl, body, timestamp),
          'x-hubspot-request-timestamp': timestamp,
        },
        body,
        signal: AbortSignal.timeout(this.options.timeoutMilliseconds ?? 5_000),
      });
      await response.arrayBuffer();
      if (response.ok) return 'delivered';
      this.lastError = `HTTP ${response.status}`;
      // HubSpot retries server errors and throttling; any other 4xx will not get better.
      return response.status === 429 || response.status >= 500 ? 'retry' : 'rejected';
    } catch (error) {
      this.lastError = error instanceof Error ? error.message : String(error);
      return 'retry';
    }
  }
}
