import { describe, expect, it } from 'vitest';
import { storeWebhookEvents } from '../../src/db/repositories/webhook-events-repository';
import { storeWebhookRejections } from '../../src/db/repositories/webhook-rejections-repository';
import type { WebhookReport } from '../../src/services/webhooks/webhook-report';
import { runJobs } from '../support/jobs-command';
import { childStorages } from '../support/kill-restart';

describe.each(childStorages)('npm run jobs -- webhooks on the $name', (storage) => {
  it('counts stored and rejected webhook events per portal, with the reasons, and status points at them', async () => {
    const database = await storage.prepare();
    try {
      const handle = await database.open();
      try {
        await storeWebhookEvents(handle.db, [
          {
            portalId: 7,
            eventId: '1',
            subscriptionId: '2',
            subscriptionType: 'object.propertyChange',
            objectTypeId: '0-3',
            objectId: '9',
            occurredAt: new Date('2026-12-01T10:00:00.000Z'),
            attemptNumber: 0,
            payload: {},
          },
        ]);
        await storeWebhookRejections(handle.db, [
          { portalId: 7, fingerprint: 'a', reason: 'eventId: Invalid input', payload: { portalId: 7 } },
          { portalId: null, fingerprint: 'b', reason: 'event: expected object, received string', payload: 'x' },
        ]);
      } finally {
        await handle.close();
      }

      const json = await runJobs(['webhooks', '--json'], database.env);
      expect(json.code, json.stderr).toBe(0);
      const report = JSON.parse(json.stdout) as WebhookReport;
      expect(report.rejected).toBe(2);
      expect(report.portals).toEqual([
        {
          portalId: 7,
          received: 1,
          pending: 1,
          applied: 0,
          stale: 0,
          unsupported: 0,
          rejected: 1,
          lastRejectedAt: expect.any(String),
        },
        {
          portalId: null,
          received: 0,
          pending: 0,
          applied: 0,
          stale: 0,
          unsupported: 0,
          rejected: 1,
          lastRejectedAt: expect.any(String),
        },
      ]);
      expect(report.latestRejections.map((row) => row.reason).sort()).toEqual([
        'event: expected object, received string',
        'eventId: Invalid input',
      ]);

      const status = await runJobs(['status'], database.env);
      expect(status.code, status.stderr).toBe(0);
      expect(status.stdout).toContain('webhook events rejected: 2 (see `npm run jobs -- webhooks`)');
    } finally {
      await database.cleanup();
    }
  }, 240_000);
});
