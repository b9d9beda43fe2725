import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/client';
import { upsertPortal } from '../../src/db/repositories/portals-repository';
import { countWebhookEvents } from '../../src/db/repositories/webhook-events-repository';
import { createApp } from '../../src/http/app';
import { webhookModule, webhookPath } from '../../src/http/routes/webhook-routes';
import { databaseTargets } from '../support/databases';
import { clientSecret, dealChange, logger, portalId, publicUrl, RecordingJobQueue, signed } from './webhook-harness';

function nested(depth: number): string {
  return `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

// Each is one event of a batch with a good one: recorded as rejected with its reason, never a 500.
const hostileEvents: Array<[string, () => string, string]> = [
  [
    'occurredAt past the last date a Date can hold',
    () => JSON.stringify({ ...dealChange('2012', Date.now()), occurredAt: 9e15 }),
    'occurredAt',
  ],
  ['occurredAt in year 1970', () => JSON.stringify({ ...dealChange('2012', Date.now()), occurredAt: 5 }), 'occurredAt'],
  [
    'an 8 KB event id',
    () => JSON.stringify({ ...dealChange('2012', Date.now()), eventId: '9'.repeat(8 * 1024) }),
    'eventId',
  ],
  [
    'a property value with a NUL character',
    () => JSON.stringify({ ...dealChange('2012', Date.now()), propertyValue: 'a\u0000b' }),
    'event',
  ],
  [
    'an extra field nested 20,000 deep',
    () =>
      JSON.stringify({ ...dealChange('2012', Date.now()), extra: '__DEEP__' }).replace('"__DEEP__"', nested(20_000)),
    'event',
  ],
  [
    'an attemptNumber past any retry',
    () => JSON.stringify({ ...dealChange('2012', Date.now()), attemptNumber: 1e9 }),
    'attemptNumber',
  ],
];

describe.each(databaseTargets)('hostile HubSpot webhook events on $name', (target) => {
  let handle: DatabaseHandle;
  const jobs = new RecordingJobQueue();
  beforeAll(async () => {
    handle = await target.open();
    await upsertPortal(handle.db, { id: portalId, timeZone: 'UTC', currency: 'USD' });
  });
  afterAll(async () => handle.close());

  it.each(hostileEvents)(
    '%s: the event is rejected with its reason, the good one stored, 200',
    async (_finding, hostile, field) => {
      const app = createApp({
        apiAuth: 'open',
        db: handle.db,
        logger,
        modules: [webhookModule({ clientSecret, publicUrl, jobs })],
      });
      const before = await countWebhookEvents(handle.db, portalId);
      const good = JSON.stringify(dealChange('2012', Date.now()));
      const message = signed(`[${good},${hostile()}]`);
      const response = await request(app).post(webhookPath).set(message.headers).send(message.body);
      expect(response.status, response.text.slice(0, 300)).toBe(200);
      expect(response.body).toMatchObject({ received: 2, stored: 1, rejected: 1 });
      expect(response.body.rejections[0].index).toBe(1);
      expect(response.body.rejections[0].reason).toContain(`${field}:`);
      expect((await countWebhookEvents(handle.db, portalId)).total).toBe(before.total + 1);
    },
  );
});
