import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/client';
import { countWebhookEvents } from '../../src/db/repositories/webhook-events-repository';
import {
  countWebhookRejections,
  latestWebhookRejections,
} from '../../src/db/repositories/webhook-rejections-repository';
import { webhookPath } from '../../src/http/routes/webhook-routes';
import { processPendingWebhookEvents } from '../../src/services/webhooks/process-pending';
import { databaseTargets } from '../support/databases';
import { dealChange, logger, portalId, signed, startHarness, type WebhookHarness } from './webhook-harness';

describe.each(databaseTargets)('POST /hubspot/webhooks on $name', (target) => {
  let handle: DatabaseHandle;
  let harness: WebhookHarness;

  beforeEach(async () => {
    handle = await target.open();
    harness = await startHarness(handle);
  });
  afterEach(async () => {
    await harness.running.close();
    await handle.close();
  });

  const post = (message: { body: string; headers: Record<string, string> }) =>
    request(harness.app).post(webhookPath).set(message.headers).send(message.body);

  it('rejects a bad signature, an old timestamp and a missing signature with 401 and stores nothing', async () => {
    const body = JSON.stringify([dealChange('2012', Date.now())]);
    const wrongSecret = await post(signed(body, { secret: 'not-the-secret' }));
    const old = await post(signed(body, { timestamp: Date.now() - 6 * 60_000 }));
    const tampered = await post({ ...signed(body), body: body.replace('2012', '2013') });
    const unsigned = await request(harness.app).post(webhookPath).set('content-type', 'application/json').send(body);

    for (const response of [wrongSecret, old, tampered, unsigned]) {
      expect(response.status).toBe(401);
      expect(response.body.error.code).toBe('unauthorized');
    }
    expect(await countWebhookEvents(handle.db, portalId)).toEqual({ total: 0, pending: 0 });
    expect(harness.jobs.sent).toEqual([]);
  });

  it('rejects a body that is not a JSON array of events with 400 and stores nothing', async () => {
    const notJson = await post(signed('[{"eventId": 1,'));
    expect(notJson.status).toBe(400);
    const notArray = await post(signed(JSON.stringify(dealChange('2012', Date.now()))));
    expect(notArray.status).toBe(400);
    expect(notArray.body.error.message).toContain('expected an array, got an object');
    expect(await countWebhookEvents(handle.db, portalId)).toEqual({ total: 0, pending: 0 });
    expect(await countWebhookRejections(handle.db)).toEqual([]);
    expect(harness.jobs.sent).toEqual([]);
  });

  it('stores the valid events of a batch, answers 200 and records each invalid one with the field at fault', async () => {
    const good = dealChange('2012', Date.now());
    const { eventId: _missing, ...withoutId } = dealChange('2013', Date.now());
    const noProperty = { ...dealChange('2013', Date.now()), propertyName: undefined };
    const batch = signed(JSON.stringify([good, withoutId, noProperty, 'not an event']));

    const answer = await post(batch);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ received: 4, stored: 1, ignored: 0, rejected: 3 });
    expect(answer.body.rejections).toEqual([
      { index: 1, reason: expect.stringContaining('eventId') },
      { index: 2, reason: expect.stringContaining('propertyName: required for object.propertyChange') },
      { index: 3, reason: expect.any(String) },
    ]);
    expect(await countWebhookEvents(handle.db, portalId)).toEqual({ total: 1, pending: 1 });
    expect(harness.jobs.sent.map((job) => job.name)).toEqual(['webhooks.process']);

    // HubSpot's redelivery of the same batch (attemptNumber raised) records nothing twice.
    const again = JSON.parse(batch.body).map((item: unknown) =>
      typeof item === 'object' && item !== null ? { ...item, attemptNumber: 1 } : item,
    );
    expect((await post(signed(JSON.stringify(again)))).body).toMatchObject({ stored: 0, rejected: 3 });
    const counts = await countWebhookRejections(handle.db);
    expect(counts).toEqual([
      { portalId, rejected: 2, lastAt: expect.any(Date) },
      { portalId: null, rejected: 1, lastAt: expect.any(Date) },
    ]);
    const [latest] = await latestWebhookRejections(handle.db, 1);
    expect(latest?.reason).toEqual(expect.any(String));
  });

  it('tells apart events that share an eventId but come from another subscription or another moment', async () => {
    const occurredAt = Date.now();
    const first = dealChange('2012', occurredAt, 'amount', '1');
    const otherSubscription = { ...first, subscriptionId: 78, propertyName: 'dealstage' };
    const later = { ...first, occurredAt: occurredAt + 1000 };
    const answer = await post(
      signed(JSON.stringify([first, otherSubscription, later, { ...first, attemptNumber: 3 }])),
    );
    expect(answer.body).toMatchObject({ received: 4, stored: 3, rejected: 0 });
    expect(await countWebhookEvents(handle.db, portalId)).toEqual({ total: 3, pending: 3 });
    const result = await processPendingWebhookEvents({ db: handle.db, client: harness.client, logger }, portalId);
    expect(result.processed).toBe(3);
  });

  it('stores a batch delivered three times once, queues its processing and processes it once', async () => {
    harness.sandbox.store.objects.update('deals', '2012', { amount: '4800' });
    const batch = signed(
      JSON.stringify([dealChange('2012', Date.now(), 'amount', '4800'), dealChange('2013', Date.now(), 'amount', '1')]),
    );

    const answers = [await post(batch), await post(batch), await post(batch)];
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200]);
    expect(answers.map((answer) => answer.body.stored)).toEqual([2, 0, 0]);
    expect(await countWebhookEvents(handle.db, portalId)).toEqual({ total: 2, pending: 2 });
    expect(
      harness.jobs.sent.every(
        (job) => job.name === 'webhooks.process' && (job.data as { portalId: number }).portalId === portalId,
      ),
    ).toBe(true);

    const deps = { db: handle.db, client: harness.client, logger };
    const first = await processPendingWebhookEvents(deps, portalId);
    expect(first.processed).toBe(2);
    await post(batch);
    const second = await processPendingWebhookEvents(deps, portalId);
    expect(second.processed).toBe(0);
    expect(await countWebhookEvents(handle.db, portalId)).toEqual({ total: 2, pending: 0 });
  });

  it("keeps the events when queuing fails, so HubSpot's retry of the same batch queues them", async () => {
    const batch = signed(JSON.stringify([dealChange('2012', Date.now())]));
    harness.jobs.failures = 1;
    expect((await post(batch)).status).toBe(500);
    const retried = await post(batch);
    expect(retried.status).toBe(200);
    expect(retried.body.stored).toBe(0);
    expect(harness.jobs.sent).toHaveLength(1);
    expect(await countWebhookEvents(handle.db, portalId)).toEqual({ total: 1, pending: 1 });
  });

  it('ignores events of a portal the service does not sync', async () => {
    const response = await post(signed(JSON.stringify([{ ...dealChange('2012', Date.now()), portalId: 424242 }])));
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ received: 1, stored: 0, ignored: 1, rejected: 0, rejections: [] });
    expect(harness.jobs.sent).toEqual([]);
  });
});
