import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/client';
import { countWebhookEvents } from '../../src/db/repositories/webhook-events-repository';
import { processPendingWebhookEvents } from '../../src/services/webhooks/process-pending';
import { databaseTargets } from '../support/databases';
import { dealChange, deliverSigned, logger, portalId, startHarness, type WebhookHarness } from './webhook-harness';

// A job works a bounded share of a backlog and says so, so it never outlives its expiry (see service-job-handlers).
describe.each(databaseTargets)('processing a backlog a few chunks at a time on $name', (target) => {
  let handle: DatabaseHandle;
  let harness: WebhookHarness;

  beforeAll(async () => {
    handle = await target.open();
    harness = await startHarness(handle);
  });
  afterAll(async () => {
    await harness.running.close();
    await handle.close();
  });

  it('stops after maxChunks with more left, and reports none left once the backlog is worked', async () => {
    const at = Date.now();
    const events = ['2001', '2002', '2003', '2004', '2006'].map((dealId, index) =>
      dealChange(dealId, at + index, 'amount', '100'),
    );
    await deliverSigned(harness.app, events);

    const process = () =>
      processPendingWebhookEvents(
        { db: handle.db, client: harness.client, logger, chunkSize: 2, maxChunks: 2 },
        portalId,
      );
    expect(await process()).toMatchObject({ processed: 4, more: true });
    expect(await countWebhookEvents(handle.db, portalId)).toEqual({ total: 5, pending: 1 });
    expect(await process()).toMatchObject({ processed: 1, more: false });
    expect(await countWebhookEvents(handle.db, portalId)).toEqual({ total: 5, pending: 0 });
  });
});
