import { Client } from '@hubspot/api-client';
import { z } from 'zod';
import { withRetry, type RetryOptions } from '../client';
import type { OAuthApi } from '../oauth/oauth-api';

// The webhooks journal (2026-03): HubSpot writes the app's subscribed events (installs and uninstalls among them) to a
// journal the app polls; nothing is pushed. https://developers.hubspot.com/docs/api-reference/latest/webhooks-journal/guide
const version = '2026-03';
export const journalScopes = [
  'developer.webhooks_journal.read',
  'developer.webhooks_journal.subscriptions.read',
  'developer.webhooks_journal.subscriptions.write',
];

const subscriptionsSchema = z.object({
  results: z.array(
    z.object({ id: z.number(), subscriptionType: z.string(), actions: z.array(z.string()).optional() }).loose(),
  ),
});
const fetchResponseSchema = z.object({
  currentOffset: z.string().min(1),
  expiresAt: z.string(),
  url: z.url(),
});
const lifecycleEventSchema = z.object({
  subscriptionType: z.literal('APP_LIFECYCLE_EVENT'),
  action: z.string(),
  portalId: z.number().int().positive(),
  occurredAt: z.string().optional(),
});
// Other subscription types may share the journal: each event is read alone, and only app lifecycle events are kept.
const entryFileSchema = z.object({ events: z.array(z.unknown()) });

export type AppLifecycleEvent = z.infer<typeof lifecycleEventSchema>;
export type JournalPosition =
  | { readonly kind: 'entry'; readonly offset: string; readonly url: string }
  | { readonly kind: 'none' }
  | { readonly kind: 'expired' };

export interface WebhooksJournalApi {
  /** Subscribes the app to uninstalls (create or update; a subscription already holding the action is kept). */
  ensureUninstallSubscription(): Promise<'created' | 'present'>;
  /** The entry after `offset`, or the earliest one without it; `expired` when HubSpot no longer has that offset. */
  next(offset: string | undefined): Promise<JournalPosition>;
  /** The app lifecycle events of an entry, read from its pre-signed URL. */
  lifecycleEvents(url: string): Promise<AppLifecycleEvent[]>;
}

class JournalAnswerError extends Error {
  constructor(
    readonly code: number,
    operation: string,
  ) {
    super(`HubSpot answered ${code} to ${operation}`);
    this.name = 'JournalAnswerError';
  }
}

export interface WebhooksJournalOptions {
  readonly oauth: OAuthApi;
  readonly baseUrl?: string;
  readonly retry?: RetryOptions;
  readonly now?: () => number;
}

export function createWebhooksJournalApi(options: WebhooksJournalOptions): WebhooksJournalApi {
  const now = options.now ?? Date.now;
  let token: { value: string; expiresAt: number } | undefined;
  const accessToken = async () => {
    if (!token || token.expiresAt - 60_000 <= now()) {
      const issued = await options.oauth.appAccessToken(journalScopes);
      token = { value: issued.accessToken, expiresAt: now() + issued.expiresInSeconds * 1000 };
    }
    return token.value;
  };
  const request = async (operation: string, method: 'GET' | 'POST', path: string, body?: object) =>
    withRetry(
      operation,
      async () => {
        const client = new Client({
          accessToken: await accessToken(),
          numberOfApiCallRetries: 0,
          ...(options.baseUrl ? { basePath: options.baseUrl.replace(/\/$/, '') } : {}),
        });
        const response = await client.apiRequest({ method, path, ...(body ? { body } : {}) });
        const text = await response.text();
        if (response.status === 204 || response.status === 404) return { status: response.status, json: undefined };
        if (response.status >= 300) throw new JournalAnswerError(response.status, operation);
        return { status: response.status, json: JSON.parse(text) as unknown };
      },
      options.retry,
    );

  return {
    async ensureUninstallSubscription() {
      const listed = subscriptionsSchema.parse(
        (await request('the journal subscriptions', 'GET', `/webhooks-journal/subscriptions/${version}`)).json,
      );
      const lifecycle = listed.results.find((subscription) => subscription.subscriptionType === 'APP_LIFECYCLE_EVENT');
      if (lifecycle?.actions?.includes('APP_UNINSTALL')) return 'present';
      const actions = [...new Set([...(lifecycle?.actions ?? []), 'APP_UNINSTALL'])];
      await request('the uninstall subscription', 'POST', `/webhooks-journal/subscriptions/${version}`, {
        subscriptionType: 'APP_LIFECYCLE_EVENT',
        actions,
      });
      return 'created';
    },
    async next(offset) {
      const path =
        offset === undefined
          ? `/webhooks-journal/journal/${version}/earliest`
          : `/webhooks-journal/journal/${version}/offset/${encodeURIComponent(offset)}/next`;
      const answer = await request('the webhooks journal', 'GET', path);
      if (answer.status === 404) return offset === undefined ? { kind: 'none' } : { kind: 'expired' };
      if (answer.json === undefined) return { kind: 'none' };
      const position = fetchResponseSchema.parse(answer.json);
      return { kind: 'entry', offset: position.currentOffset, url: position.url };
    },
    async lifecycleEvents(url) {
      // Pre-signed: HubSpot wants it fetched without the Authorization header.
      const file = await withRetry(
        'the journal entry',
        async () => {
          const response = await fetch(url);
          if (!response.ok) throw new JournalAnswerError(response.status, 'the journal entry');
          return entryFileSchema.parse(await response.json());
        },
        options.retry,
      );
      return file.events.flatMap((event) => {
        const parsed = lifecycleEventSchema.safeParse(event);
        return parsed.success ? [parsed.data] : [];
      });
    },
  };
}
