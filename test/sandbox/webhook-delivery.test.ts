import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/client';
import { storedDealStages } from '../../src/db/repositories/crm-record-changes-repository';
import { countWebhookEvents } from '../../src/db/repositories/webhook-events-repository';
import { createApp } from '../../src/http/app';
import { webhookModule, webhookPath } from '../../src/http/routes/webhook-routes';
import { processPendingWebhookEvents } from '../../src/services/webhooks/process-pending';
import { databaseTargets } from '../support/databases';
import {
  clientSecret,
  logger,
  portalId,
  RecordingJobQueue,
  startHarness,
  type WebhookHarness,
} from '../webhooks/webhook-harness';
import { subscriptionsFromAppConfig } from '../../src/cli/webhook-subscriptions';

// End to end: the sandbox signs and posts its changes as HubSpot does; the service's own route must accept them.
describe.each(databaseTargets)('sandbox webhook delivery into the service on $name', (target) => {
  let handle: DatabaseHandle;
  let harness: WebhookHarness;
  let server: Server;
  let serviceUrl: string;
  const jobs = new RecordingJobQueue();

  beforeAll(async () => {
    handle = await target.open();
    harness = await startHarness(handle);
    // The service's public URL is where the sandbox posts: it is part of what both sides sign, so it needs the port first.
    server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    serviceUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    server.on(
      'request',
      createApp({
        apiAuth: 'open',
        db: handle.db,
        logger,
        modules: [webhookModule({ clientSecret, publicUrl: serviceUrl, jobs })],
      }),
    );
  });
  afterAll(async () => {
    await harness.running.close();
    await new Promise((resolve) => server.close(resolve));
    await handle.close();
  });

  it('moves a deal in the sandbox and the service stores, processes and applies the signed event', async () => {
    const delivery = harness.sandbox.deliverWebhooks({
      targetUrl: `${serviceUrl}${webhookPath}`,
      clientSecret,
      subscriptions: subscriptionsFromAppConfig(),
      timeScale: 1e-5,
    });
    await harness.client.crm.deals.basicApi.update('2012', { properties: { dealstage: 'closedwon', amount: '9000' } });
    await delivery.idle();

    expect(delivery.stats()).toMatchObject({ dropped: 0, failedAttempts: 0, delivered: 2 });
    expect(await countWebhookEvents(handle.db, portalId)).toEqual({ total: 2, pending: 2 });
    expect(jobs.sent.map((job) => job.name)).toContain('webhooks.process');

    const result = await processPendingWebhookEvents({ db: handle.db, client: harness.client, logger }, portalId);
    expect(result.closedWonDealIds).toEqual(['2012']);
    expect((await storedDealStages(handle.db, portalId, ['2012'])).get('2012')?.stageId).toBe('closedwon');
  });

  it('sends only subscribed properties, at most 100 events a request, and association changes from both sides', async () => {
    const delivery = harness.sandbox.deliverWebhooks({
      targetUrl: `${serviceUrl}${webhookPath}`,
      clientSecret,
      subscriptions: subscriptionsFromAppConfig(),
      timeScale: 1e-5,
    });
    const { store } = harness.sandbox;
    store.objects.update('companies', '1001', { domain: 'alder.example' });
    for (let index = 0; index < 150; index += 1)
      store.objects.update('deals', '2013', { amount: String(1000 + index) });
    store.associations.add('deals', '2013', '1003', 341);
    await delivery.idle();

    // The domain is not subscribed; 150 amount changes and 2 association sides are.
    expect(delivery.stats()).toMatchObject({ delivered: 152, dropped: 0 });
    expect(delivery.stats().requests).toBeGreaterThanOrEqual(2);
    expect(await countWebhookEvents(handle.db, portalId)).toMatchObject({ total: 154 });
  });

  // A flush sends early but leaves the flush timer armed; when it fires with nothing due it must still arm the next.
  it('sends a change made after a flush on its own, without another flush', async () => {
    const delivery = harness.sandbox.deliverWebhooks({
      targetUrl: `${serviceUrl}${webhookPath}`,
      clientSecret,
      subscriptions: subscriptionsFromAppConfig(),
      flushDelayMilliseconds: 50,
    });
    harness.sandbox.store.objects.update('deals', '2013', { amount: '701' });
    delivery.flush();
    await new Promise((resolve) => setTimeout(resolve, 20));
    harness.sandbox.store.objects.update('deals', '2013', { amount: '702' });
    const deadline = Date.now() + 5_000;
    while (delivery.stats().delivered < 2 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 10));
    expect(delivery.stats()).toMatchObject({ delivered: 2, queued: 0 });
    delivery.stop();
  });

  it('retries a failed delivery and the redelivered events are stored once', async () => {
    const delivery = harness.sandbox.deliverWebhooks({
      targetUrl: `${serviceUrl}${webhookPath}`,
      clientSecret,
      subscriptions: subscriptionsFromAppConfig(),
      timeScale: 1e-5,
    });
    jobs.failures = 1;
    harness.sandbox.store.objects.update('deals', '2013', { amount: '777' });
    await delivery.idle();
    expect(delivery.stats()).toMatchObject({ delivered: 1, failedAttempts: 1, dropped: 0 });
    expect(await countWebhookEvents(handle.db, portalId)).toMatchObject({ total: 157 });
  });

  // HubSpot retries any 4xx too (its guide lists every 4xx and 5xx), so a refused signature is retried ten times before the drop.
  it('is rejected with a wrong client secret, retried ten times on the schedule and then dropped', async () => {
    const delivery = harness.sandbox.deliverWebhooks({
      targetUrl: `${serviceUrl}${webhookPath}`,
      clientSecret: 'wrong',
      subscriptions: subscriptionsFromAppConfig(),
      timeScale: 1e-5,
    });
    harness.sandbox.store.objects.update('deals', '2013', { amount: '778' });
    await delivery.idle();
    expect(delivery.stats()).toMatchObject({
      delivered: 0,
      dropped: 1,
      failedAttempts: 11,
      requests: 11,
      lastError: 'HTTP 401',
    });
    expect(await countWebhookEvents(handle.db, portalId)).toMatchObject({ total: 157 });
  });
});
