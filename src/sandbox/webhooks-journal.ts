import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';

/** What HubSpot's webhooks journal can hold for an app (2026-03); the sandbox writes app lifecycle events. */
export const appLifecycleActions = ['APP_INSTALL', 'APP_UNINSTALL'] as const;
export type AppLifecycleAction = (typeof appLifecycleActions)[number];

export interface JournalSubscription {
  readonly id: number;
  readonly appId: number;
  readonly subscriptionType: 'APP_LIFECYCLE_EVENT';
  readonly actions: readonly AppLifecycleAction[];
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface JournalEvent {
  readonly subscriptionId: number;
  readonly subscriptionType: 'APP_LIFECYCLE_EVENT';
  readonly action: AppLifecycleAction;
  readonly portalId: number;
  readonly appId: number;
  readonly occurredAt: string;
}

interface JournalEntry {
  readonly offset: string;
  readonly writtenAt: number;
  readonly events: readonly JournalEvent[];
}

/** GET …/earliest, …/latest and …/offset/{offset}/next answer this (HubSpot's JournalFetchResponse). */
export interface JournalFetchResponse {
  readonly currentOffset: string;
  readonly expiresAt: string;
  readonly url: string;
}

// HubSpot keeps the journal 3 days; the pre-signed file URLs live minutes.
const retentionMilliseconds = 3 * 86_400_000;
const fileUrlTtlMilliseconds = 5 * 60_000;
export const journalFilePath = '/_sandbox/webhooks-journal/files';

/**
 * The app's webhooks journal: subscriptions decide what is written, entries are read in order by offset (a UUID),
 * each entry's events are a JSON file behind a short-lived signed URL that needs no token.
 */
export class SandboxWebhooksJournal {
  private readonly subscriptionList: JournalSubscription[] = [];
  private entries: JournalEntry[] = [];
  private readonly signingKey = randomBytes(32);
  private nextSubscriptionId = 60_000_001;

  constructor(
    private readonly appId: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Create or update: one app lifecycle subscription per app, its actions replaced. */
  subscribe(actions: readonly AppLifecycleAction[]): JournalSubscription {
    const at = new Date(this.now()).toISOString();
    // Every subscription is an app lifecycle one (the type allows no other), so there is at most one.
    const existing = this.subscriptionList[0];
    const subscription: JournalSubscription = existing
      ? { ...existing, actions: [...new Set(actions)], updatedAt: at }
      : {
          id: this.nextSubscriptionId++,
          appId: this.appId,
          subscriptionType: 'APP_LIFECYCLE_EVENT',
          actions: [...new Set(actions)],
          createdAt: at,
          updatedAt: at,
        };
    if (existing) this.subscriptionList[0] = subscription;
    else this.subscriptionList.push(subscription);
    return subscription;
  }

  subscriptions(): readonly JournalSubscription[] {
    return [...this.subscriptionList];
  }

  /** An install or uninstall in a portal: written only when the app subscribed to that action, like HubSpot. */
  recordAppLifecycle(portalId: number, action: AppLifecycleAction): boolean {
    const events = this.subscriptionList
      .filter((subscription) => subscription.actions.includes(action))
      .map((subscription): JournalEvent => ({
        subscriptionId: subscription.id,
        subscriptionType: 'APP_LIFECYCLE_EVENT',
        action,
        portalId,
        appId: this.appId,
        occurredAt: new Date(this.now()).toISOString(),
      }));
    if (events.length === 0) return false;
    this.entries.push({ offset: randomUUID(), writtenAt: this.now(), events });
    return true;
  }

  earliest(baseUrl: string): JournalFetchResponse | undefined {
    const [first] = this.live();
    return first && this.pointer(first, baseUrl);
  }

  latest(baseUrl: string): JournalFetchResponse | undefined {
    const last = this.live().at(-1);
    return last && this.pointer(last, baseUrl);
  }

  /** `gone`: the offset is unknown or older than the retention (HubSpot answers 404). */
  next(offset: string, baseUrl: string): JournalFetchResponse | undefined | 'gone' {
    const live = this.live();
    const index = live.findIndex((entry) => entry.offset === offset);
    if (index < 0) return 'gone';
    const following = live[index + 1];
    return following && this.pointer(following, baseUrl);
  }

  /** The events of the entry a signed URL points to, or undefined when the signature is wrong or expired. */
  file(offset: string, expires: number, signature: string): readonly JournalEvent[] | undefined {
    if (!Number.isFinite(expires) || expires < this.now()) return undefined;
    const expected = Buffer.from(this.sign(offset, expires));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
    return this.entries.find((entry) => entry.offset === offset)?.events;
  }

  private live(): JournalEntry[] {
    const cutoff = this.now() - retentionMilliseconds;
    this.entries = this.entries.filter((entry) => entry.writtenAt >= cutoff);
    return this.entries;
  }

  private pointer(entry: JournalEntry, baseUrl: string): JournalFetchResponse {
    const expires = this.now() + fileUrlTtlMilliseconds;
    const url = new URL(`${journalFilePath}/${entry.offset}`, baseUrl);
    url.searchParams.set('expires', String(expires));
    url.searchParams.set('signature', this.sign(entry.offset, expires));
    return { currentOffset: entry.offset, expiresAt: new Date(expires).toISOString(), url: url.toString() };
  }

  private sign(offset: string, expires: number): string {
    return createHmac('sha256', this.signingKey).update(`${offset}:${expires}`).digest('base64url');
  }
}
