import type { SandboxStore } from './store';
import { webhookEventsFor, type WebhookEventBody, type WebhookSubscription } from './webhook-events';
import { postSignedBatch } from './webhook-request';
import { retryDelayMilliseconds, webhookRetryPolicy } from './webhook-retry-schedule';

export { hubspotSignatureV3 } from './webhook-request';

export interface WebhookDeliveryOptions {
  /** Where HubSpot posts: the service's public URL plus app.json `webhooks.targetPath`. It is part of what is signed. */
  readonly targetUrl: string;
  readonly clientSecret: string;
  readonly appId?: number;
  /** What the app subscribes to; the CLI reads app.json `webhooks.objects` (src/cli/webhook-subscriptions.ts). */
  readonly subscriptions: readonly WebhookSubscription[];
  /** HubSpot sends at most 100 events per request. */
  readonly maxBatchSize?: number;
  /** How long changes gather before a batch goes out. */
  readonly flushDelayMilliseconds?: number;
  /** Shrinks HubSpot's 24-hour retry schedule (1 is real time); tests use e.g. 1e-5. */
  readonly timeScale?: number;
  /** HubSpot gives up on an answer after 5 s. */
  readonly timeoutMilliseconds?: number;
  /** For the retry delays' randomization; Math.random unless a test fixes it. */
  readonly random?: () => number;
}

export interface WebhookDeliveryStats {
  /** Events waiting for their first attempt or for a retry. */
  readonly queued: number;
  readonly retrying: number;
  readonly delivered: number;
  readonly requests: number;
  readonly failedAttempts: number;
  /** Events given up on after HubSpot's 10 retries. */
  readonly dropped: number;
  readonly lastError: string | null;
}

/** One notification waiting to go out: its attempt number and when it is due. */
interface Pending {
  readonly event: WebhookEventBody;
  readonly attemptNumber: number;
  readonly dueAt: number;
}

const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

/**
 * Turns the store's changes into signed v3 webhook batches posted to the app, the way HubSpot delivers them:
 * at most 100 events a request, and every failed notification retried on HubSpot's schedule with its
 * `attemptNumber` raised (a retry may travel in a batch with other notifications).
 */
export class WebhookDelivery {
  private pending: Pending[] = [];
  private readonly subscriptions: readonly WebhookSubscription[];
  private readonly unsubscribe: () => void;
  private nextEventId: number;
  private timer: NodeJS.Timeout | undefined;
  private timerDueAt = Number.POSITIVE_INFINITY;
  private work: Promise<void> = Promise.resolve();
  private stopped = false;
  private counts = { delivered: 0, requests: 0, failedAttempts: 0, dropped: 0 };
  private lastError: string | null = null;

  constructor(
    private readonly store: SandboxStore,
    private readonly options: WebhookDeliveryOptions,
  ) {
    this.subscriptions = options.subscriptions;
    // Unique across sandbox restarts, so a persistent service database never takes new events for old ones.
    this.nextEventId = Date.now() * 1000;
    this.unsubscribe = store.events.onChange((change) => {
      const events = webhookEventsFor(change, this.subscriptions, {
        portalId: store.portal.id,
        appId: options.appId ?? 1,
        nextEventId: () => this.nextEventId++,
      });
      if (events.length === 0 || this.stopped) return;
      const dueAt = Date.now() + (options.flushDelayMilliseconds ?? 20);
      this.pending.push(...events.map((event) => ({ event, attemptNumber: 0, dueAt })));
      this.schedule(dueAt);
    });
  }

  stats(): WebhookDeliveryStats {
    const retrying = this.pending.filter((entry) => entry.attemptNumber > 0).length;
    return { queued: this.pending.length, retrying, ...this.counts, lastError: this.lastError };
  }

  /** Sends the changes not yet attempted now instead of after the flush delay; retries keep their schedule. */
  flush(): void {
    this.send((entry) => entry.attemptNumber === 0);
  }

  /** Resolves once every change so far has been delivered or given up on (retries included, in scaled time). */
  async idle(): Promise<void> {
    this.flush();
    for (;;) {
      await this.work;
      if (this.pending.length === 0 || this.stopped) return;
      await sleep(Math.max(0, this.earliestDue() - Date.now()) + 1);
      this.sendDue();
    }
  }

  stop(): void {
    this.stopped = true;
    this.unsubscribe();
    clearTimeout(this.timer);
    this.timer = undefined;
    this.pending = [];
  }

  private earliestDue(): number {
    let earliest = Number.POSITIVE_INFINITY;
    for (const entry of this.pending) earliest = Math.min(earliest, entry.dueAt);
    return earliest;
  }

  /** Makes sure a timer fires by `nextDue`; a timer already due sooner stays (it reschedules when it fires). */
  private schedule(nextDue = this.earliestDue()): void {
    if (this.stopped || nextDue === Number.POSITIVE_INFINITY) return;
    if (this.timer !== undefined && this.timerDueAt <= nextDue) return;
    clearTimeout(this.timer);
    this.timerDueAt = nextDue;
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        this.timerDueAt = Number.POSITIVE_INFINITY;
        this.sendDue();
      },
      Math.max(0, nextDue - Date.now()),
    );
    // A retry due hours from now must not keep a finished process alive; idle() waits with its own timer.
    this.timer.unref();
  }

  private sendDue(): void {
    const now = Date.now();
    this.send((entry) => entry.dueAt <= now);
  }

  private send(take: (entry: Pending) => boolean): void {
    const taken: Pending[] = [];
    const kept: Pending[] = [];
    for (const entry of this.pending) (take(entry) ? taken : kept).push(entry);
    // A timer that found nothing due (set for changes a flush already sent, or fired a millisecond early) still
    // has to arm the next one, or later changes would wait for the next flush.
    if (taken.length === 0) {
      if (this.timer === undefined) this.schedule();
      return;
    }
    this.pending = kept;
    const size = this.options.maxBatchSize ?? 100;
    for (let start = 0; start < taken.length; start += size) {
      const batch = taken.slice(start, start + size);
      // One request at a time, in order: the service still has to cope with HubSpot's reordering in general.
      this.work = this.work.then(() => this.deliver(batch));
    }
    if (this.timer === undefined) this.schedule();
  }

  private async deliver(batch: readonly Pending[]): Promise<void> {
    if (this.stopped) return;
    this.counts.requests += 1;
    const body = JSON.stringify(batch.map(({ event, attemptNumber }) => ({ ...event, attemptNumber })));
    const outcome = await postSignedBatch(this.options, body);
    if (outcome.kind === 'delivered') {
      this.counts.delivered += batch.length;
      return;
    }
    this.counts.failedAttempts += 1;
    this.lastError = outcome.reason;
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- stop() may have run during the await above
    if (this.stopped) return;
    const random = this.options.random ?? Math.random;
    let earliest = Number.POSITIVE_INFINITY;
    for (const entry of batch) {
      const retry = entry.attemptNumber + 1;
      if (retry > webhookRetryPolicy.maxRetries) {
        this.counts.dropped += 1;
        continue;
      }
      const dueAt = Date.now() + retryDelayMilliseconds(retry, random, this.options.timeScale);
      earliest = Math.min(earliest, dueAt);
      this.pending.push({ event: entry.event, attemptNumber: retry, dueAt });
    }
    this.schedule(earliest);
  }
}
