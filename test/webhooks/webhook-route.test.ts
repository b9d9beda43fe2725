import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/client';
import { countWebhookEvents } from '../../src/db/repositories/webhook-events-repository';
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

  it('rejects a malformed body with 400 naming the field and stores nothing', async () => {
    const notJson = await post(signed('[{"eventId": 1,'));
    expect(notJson.status).toBe(400);

    const good = dealChange('2012', Date.now());
    const { eventId: _missing, ...withoutId } = dealChange('2013', Date.now());
    const invalid = await post(signed(JSON.stringify([good, withoutId])));
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.details.fields).toContainEqual(expect.objectContaining({ field: '1.eventId' }));

    const noProperty = await post(signed(JSON.stringify([{ ...good, propertyName: undefined, eventId: 9 }])));
    expect(noProperty.status).toBe(400);
    expect(noProperty.body.error.message).toContain('0.propertyName');

    expect(await countWebhookEvents(handle.db, portalId)).toEqual({ total: 0, pending: 0 });
    expect(harness.jobs.sent).toEqual([]);
  });

  it('stores a batch delivered three times once, queues its processing and processes it once', async () => {
    harness.sandbox.store.objects.update('deals', '2012', { amount: '4800' });
    const batch = signed(JSON.stringify([dealChange('2012', Date.now(), 'amount', '4800'), dealChange('2013', Date.now(), 'amount', '1')]));

    const answers = [await post(batch), await post(batch), await post(batch)];
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200]);
    expect(answers.map((answer) => answer.body.stored)).toEqual([2, 0, 0]);
    expect(await countWebhookEvents(handle.db, portalId)).toEqual({ total: 2, pending: 2 });
    expect(harness.jobs.sent.every((job) => job.name === 'webhooks.process' && (job.data as { portalId: number }).portalId === portalId)).toBe(true);

    const deps = { db: handle.db, client: harness.client, logger };
    const first = await processPendingWebhookEvents(deps, portalId);
    expect(first.processed).toBe(2);
    await post(batch);
    const second = await processPendingWebhookEvents(deps, portalId);
    expect(second.processed).toBe(0);
    expect(await countWebhookEvents(handle.db, portalId)).toEqual({ total: 2, pending: 0 });
  });

  it('keeps the events when queuing fails, so HubSpot\'s retry of the same batch queues them', async () => {
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
    expect(response.body).toEqual({ received: 1, stored: 0, ignored: 1 });
    expect(harness.jobs.sent).toEqual([]);
  });
});
