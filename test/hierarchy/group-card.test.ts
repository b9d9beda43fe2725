import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Express } from 'express';
import { companyHealthCardPayloadSchema } from '../../extensions/app/cards/shared/card-payload';
import { createLogger } from '../../src/config/logger';
import type { DatabaseHandle } from '../../src/db/client';
import { healthScores } from '../../src/db/schema';
import { createApp } from '../../src/http/app';
import { signatureV3 } from '../../src/http/middleware/hubspot-signature';
import { cardModule, companyCardPath } from '../../src/http/routes/card-routes';
import { databaseTargets } from '../support/databases';
import { ifStarted } from '../support/if-started';
import { loadPortfolio } from '../kpi/load-portfolio';
import { groupFixture } from './group-fixture';

const clientSecret = 'test-client-secret';
const publicUrl = 'https://cs.example.com';
// 2025-03-15 in UTC: Holdings, Retail, Labs and Labs Berlin all pay; Retail's contract ends on 1 April.
const now = Date.parse('2025-03-15T12:00:00Z');
const portalId = groupFixture.portal.id;

async function card(app: Express, companyId: string) {
  const path = `${companyCardPath}?companyId=${companyId}&userId=77&userEmail=csm%40example.com&appId=5&portalId=${portalId}`;
  const timestamp = String(now);
  const response = await request(app)
    .get(path)
    .set('X-HubSpot-Signature-v3', signatureV3(clientSecret, 'GET', `${publicUrl}${path}`, '', timestamp))
    .set('X-HubSpot-Request-Timestamp', timestamp)
    .expect(200);
  return companyHealthCardPayloadSchema.parse(response.body);
}

describe.each(databaseTargets)('the company card of a parent company on $name', (target) => {
  let handle: DatabaseHandle;
  let app: Express;
  beforeAll(async () => {
    handle = await target.open();
    await loadPortfolio(handle.db, groupFixture);
    await handle.db.insert(healthScores).values([
      { portalId, companyId: '6004', scoreDate: '2025-03-10', score: 81, band: 'green', explanation: {} },
      { portalId, companyId: '6004', scoreDate: '2025-03-14', score: 44, band: 'red', explanation: {} },
      { portalId, companyId: '6004', scoreDate: '2025-03-16', score: 90, band: 'green', explanation: {} },
    ]);
    app = createApp({
      apiAuth: 'open',
      db: handle.db,
      logger: createLogger('silent'),
      modules: [cardModule({ clientSecret, publicUrl, now: () => now })],
    });
  }, 120_000);
  afterAll(async () => ifStarted(handle)?.close());

  it('lists every subsidiary nearest first with its figures, and the group MRR is the sum of them all', async () => {
    const payload = await card(app, '6001');
    expect(payload.revenue.mrr).toEqual({ amountMinor: 10_000, currency: 'USD' });
    const subsidiaries = payload.subsidiaries;
    expect(subsidiaries?.items).toEqual([
      {
        id: '6003',
        name: 'Northwind Labs',
        depth: 1,
        health: null,
        mrr: { amountMinor: 3_000, currency: 'USD' },
        renewalDate: '2026-02-01',
      },
      {
        id: '6002',
        name: 'Northwind Retail',
        depth: 1,
        health: null,
        mrr: { amountMinor: 5_000, currency: 'USD' },
        renewalDate: '2025-04-01',
      },
      {
        id: '6004',
        name: 'Labs Berlin',
        depth: 2,
        health: { score: 44, band: 'red' },
        mrr: { amountMinor: 2_000, currency: 'USD' },
        renewalDate: '2026-03-01',
      },
    ]);
    const ownAndSubsidiaries =
      payload.revenue.mrr.amountMinor +
      (subsidiaries?.items ?? []).reduce((total, item) => total + item.mrr.amountMinor, 0);
    expect(subsidiaries).toMatchObject({
      notShown: 0,
      total: 3,
      groupMrr: { amountMinor: ownAndSubsidiaries, currency: 'USD' },
      groupCustomers: 4,
    });
    expect(ownAndSubsidiaries).toBe(20_000);
  });

  it('shows a mid-level parent its own subsidiaries only', async () => {
    const payload = await card(app, '6003');
    expect(payload.subsidiaries?.items.map((item) => item.name)).toEqual(['Labs Berlin']);
    expect(payload.subsidiaries?.groupMrr).toEqual({ amountMinor: 5_000, currency: 'USD' });
  });

  it('has no subsidiaries section for a company without children', async () => {
    for (const companyId of ['6002', '6004', '6005', '6008']) {
      expect(await card(app, companyId)).not.toHaveProperty('subsidiaries');
    }
  });

  it('stops at a loop of parents', async () => {
    const payload = await card(app, '6006');
    expect(payload.subsidiaries?.items.map((item) => [item.id, item.depth])).toEqual([['6007', 1]]);
    expect(payload.subsidiaries?.groupMrr.amountMinor).toBe(1_000);
  });
});
