import { readFileSync } from 'node:fs';
import type { Express } from 'express';
import request from 'supertest';
import { expect } from 'vitest';
import { createLogger } from '../../src/config/logger';
import type { DatabaseHandle } from '../../src/db/client';
import { createApp } from '../../src/http/app';
import { webhookModule, webhookPath } from '../../src/http/routes/webhook-routes';
import { createHubSpotClient } from '../../src/hubspot/client';
import { fetchPortalDetails } from '../../src/hubspot/portal-details';
import { runFullSync } from '../../src/services/sync/full-sync';
import type { JobData, JobName, JobQueue, SendOptions } from '../../src/jobs/job-queue';
import { fixtureSchema } from '../../src/sandbox/fixture-schema';
import { createSandbox, type RunningSandbox, type Sandbox } from '../../src/sandbox/server';
import { hubspotSignatureV3 } from '../../src/sandbox/webhook-delivery';

export const logger = createLogger('silent');
export const clientSecret = 'test-client-secret';
export const publicUrl = 'https://cs.example.test';
export const fixture = fixtureSchema.parse(
  JSON.parse(readFileSync(new URL('../fixtures/small-portfolio.json', import.meta.url), 'utf8')),
);
export const portalId = fixture.portal.id;

/** An in-memory stand-in for the durable queue that records what was sent (the queue itself is tested elsewhere). */
export class RecordingJobQueue implements JobQueue {
  readonly sent: Array<{ name: JobName; data: unknown; options?: SendOptions }> = [];
  failures = 0;

  send<Name extends JobName>(name: Name, data: JobData<Name>, options?: SendOptions): Promise<void> {
    if (this.failures > 0) {
      this.failures -= 1;
      return Promise.reject(new Error('queue unavailable'));
    }
    this.sent.push({ name, data, options });
    return Promise.resolve();
  }
}

export interface SignedRequest {
  readonly body: string;
  readonly headers: Record<string, string>;
}

/** Signs a body the way HubSpot does, for a POST to the webhook path on `baseUrl`. */
export function signed(
  body: string,
  { baseUrl = publicUrl, timestamp = Date.now(), secret = clientSecret } = {},
): SignedRequest {
  const uri = `${baseUrl}${webhookPath}`;
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'x-hubspot-signature-v3': hubspotSignatureV3(secret, 'POST', uri, body, String(timestamp)),
      'x-hubspot-request-timestamp': String(timestamp),
    },
  };
}

let nextEventId = 500_000;

export function event(fields: Record<string, unknown>): Record<string, unknown> {
  return {
    eventId: nextEventId++,
    subscriptionId: 77,
    portalId,
    appId: 1,
    occurredAt: Date.now(),
    attemptNumber: 0,
    changeSource: 'CRM_UI',
    ...fields,
  };
}

export const dealChange = (dealId: string, occurredAt: number, propertyName = 'dealstage', propertyValue = '') =>
  event({
    subscriptionType: 'object.propertyChange',
    objectTypeId: '0-3',
    objectId: Number(dealId),
    propertyName,
    propertyValue,
    occurredAt,
  });
export const objectEvent = (
  kind: string,
  objectTypeId: '0-2' | '0-3',
  objectId: string,
  occurredAt: number,
  extra: Record<string, unknown> = {},
) => event({ subscriptionType: `object.${kind}`, objectTypeId, objectId: Number(objectId), occurredAt, ...extra });

/** Posts the events to the app's webhook route signed as HubSpot signs them, 100 to a request (HubSpot's batch size). */
export async function deliverSigned(app: Express, events: readonly Record<string, unknown>[]): Promise<void> {
  for (let start = 0; start < events.length; start += 100) {
    const body = JSON.stringify(events.slice(start, start + 100));
    const response = await request(app).post(webhookPath).set(signed(body).headers).send(body);
    expect(response.status).toBe(200);
  }
}

/** A pipeline made in HubSpot after the full sync: HubSpot sends no webhook for it. */
export const expansionPipeline = {
  id: 'expansion',
  label: 'Expansion',
  displayOrder: 5,
  stages: [
    {
      id: 'expansiondue',
      label: 'Expansion proposed',
      displayOrder: 0,
      metadata: { isClosed: 'false', probability: '0.5' },
    },
    { id: 'expansionwon', label: 'Expansion won', displayOrder: 1, metadata: { isClosed: 'true', probability: '1.0' } },
  ],
};

export interface WebhookHarness {
  readonly sandbox: Sandbox;
  readonly running: RunningSandbox;
  readonly jobs: RecordingJobQueue;
  readonly app: Express;
  readonly client: ReturnType<typeof createHubSpotClient>;
}

/** The small portfolio in a sandbox, fully synced into `handle`, and the service app with the webhook route. */
export async function startHarness(
  handle: DatabaseHandle,
  options: { publicUrl?: string } = {},
): Promise<WebhookHarness> {
  const sandbox = createSandbox({ fixture, rateLimit: false });
  const running = await sandbox.start(0);
  const client = createHubSpotClient({ accessToken: 'test-token', baseUrl: running.url, requestsPer10Seconds: 10_000 });
  await runFullSync({ client, db: handle.db, portal: await fetchPortalDetails(client) });
  const jobs = new RecordingJobQueue();
  const app = createApp({
    apiAuth: 'open',
    db: handle.db,
    logger,
    modules: [webhookModule({ clientSecret, publicUrl: options.publicUrl ?? publicUrl, jobs })],
  });
  return { sandbox, running, jobs, app, client };
}
