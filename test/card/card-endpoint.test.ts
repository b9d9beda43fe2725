import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Express } from 'express';
import { companyHealthCardPayloadSchema } from '../../extensions/app/cards/shared/card-payload';
import { createLogger } from '../../src/config/logger';
import { listCardActions } from '../../src/db/repositories/card-actions-repository';
import type { DatabaseHandle } from '../../src/db/client';
import { createApp } from '../../src/http/app';
import { signatureV3 } from '../../src/http/middleware/hubspot-signature';
import { cardModule, companyCardPath } from '../../src/http/routes/card-routes';
import { databaseTargets } from '../support/databases';
import { portalA, portalB, seedTwoPortals } from './card-seed';

const clientSecret = 'test-client-secret';
const publicUrl = 'https://cs.example.com';
// 2026-03-31 12:00 in Tokyo.
const now = Date.parse('2026-03-31T03:00:00Z');
const logger = createLogger('silent');

/** What HubSpot sends for hubspot.fetch: its query parameters appended, the v3 signature over the public URL. */
function signedGet(app: Express, pathAndQuery: string, options: { secret?: string; timestamp?: number } = {}) {
  const timestamp = String(options.timestamp ?? now);
  const signature = signatureV3(options.secret ?? clientSecret, 'GET', `${publicUrl}${pathAndQuery}`, '', timestamp);
  return request(app)
    .get(pathAndQuery)
    .set('X-HubSpot-Signature-v3', signature)
    .set('X-HubSpot-Request-Timestamp', timestamp);
}

const cardUrl = (companyId: string, portalId: number) =>
  `${companyCardPath}?companyId=${companyId}&userId=77&userEmail=csm%40example.com&appId=5&portalId=${portalId}`;

describe.each(databaseTargets)('card endpoint on $name', (target) => {
  let handle: DatabaseHandle;
  let app: Express;

  // One database per target: the tests only read, except the last, which records one dismissal.
  beforeAll(async () => {
    handle = await target.open();
    await seedTwoPortals(handle.db);
    app = createApp({
      apiAuth: 'open',
      db: handle.db,
      logger,
      modules: [cardModule({ clientSecret, publicUrl, now: () => now })],
    });
  });
  afterAll(async () => handle.close());

  it('answers a correctly signed request with that portal company card', async () => {
    const response = await signedGet(app, cardUrl('1001', portalA)).expect(200);
    const payload = companyHealthCardPayloadSchema.parse(response.body);
    expect(payload.asOf).toBe('2026-03-31');
    expect(payload.company).toEqual({ id: '1001', name: 'Acme KK', status: 'customer' });
    expect(payload.revenue).toMatchObject({
      mrr: { amountMinor: 400_000, currency: 'USD' },
      arr: { amountMinor: 4_800_000, currency: 'USD' },
      renewalDate: '2027-01-01',
      daysToRenewal: 276,
    });
    expect(payload.revenue.contracts.map((contract) => [contract.dealId, contract.status])).toEqual([
      ['9001', 'active'],
      ['9002', 'ended'],
    ]);
    // u4's event is on April 1st in Tokyo: outside the window.
    expect(payload.adoption).toEqual({
      activeUsers: { current: 3, previous: 1, missingReason: null },
      seats: 10,
      seatUtilizationPercent: { current: 30, previous: 10, missingReason: null },
      meanSessionMinutes: { current: 4, previous: 4, missingReason: null },
      featureBreadth: { current: 2, previous: 1, missingReason: null },
    });
  });

  it('marks a company without contracts as a prospect', async () => {
    const response = await signedGet(app, cardUrl('1002', portalA)).expect(200);
    expect(response.body.company.status).toBe('prospect');
    expect(response.body.onboarding).toBeNull();
  });

  it('gives 404 for another portal company, even when signed', async () => {
    const response = await signedGet(app, cardUrl('2001', portalA)).expect(404);
    expect(response.body.error.code).toBe('not_found');
    expect(JSON.stringify(response.body)).not.toContain('Other Portal');
  });

  it('serves portal B its own company only when HubSpot signed portal B', async () => {
    const response = await signedGet(app, cardUrl('2001', portalB)).expect(200);
    expect(response.body.revenue.mrr).toEqual({ amountMinor: 999_900, currency: 'EUR' });
  });

  it.each([
    ['a wrong secret', (url: string) => signedGet(app, url, { secret: 'someone-else' })],
    ['no signature', (url: string) => request(app).get(url)],
    ['a signature without its timestamp', (url: string) => signedGet(app, url).unset('X-HubSpot-Request-Timestamp')],
    ['a 6-minute-old signature', (url: string) => signedGet(app, url, { timestamp: now - 6 * 60_000 })],
    ['a signature from 6 minutes in the future', (url: string) => signedGet(app, url, { timestamp: now + 6 * 60_000 })],
  ])('gives 401 for %s', async (_case, send) => {
    const response = await send(cardUrl('1001', portalA)).expect(401);
    expect(response.body.error.code).toBe('unauthorized');
  });

  it('gives 401 when the portal in the URL is changed after signing', async () => {
    const timestamp = String(now);
    const signature = signatureV3(clientSecret, 'GET', `${publicUrl}${cardUrl('2001', portalA)}`, '', timestamp);
    await request(app)
      .get(cardUrl('2001', portalB))
      .set('X-HubSpot-Signature-v3', signature)
      .set('X-HubSpot-Request-Timestamp', timestamp)
      .expect(401);
  });

  it('accepts a 4-minute-old signature and checks the body of a signed POST', async () => {
    await signedGet(app, cardUrl('1001', portalA), { timestamp: now - 4 * 60_000 }).expect(200);
    const path = `${companyCardPath}/suggestions/dismiss?userId=77&userEmail=csm%40example.com&portalId=${portalA}`;
    const body = JSON.stringify({ companyId: '1001', suggestionId: 'seat_expansion:core', reason: 'Budget frozen' });
    const timestamp = String(now);
    const signature = signatureV3(clientSecret, 'POST', `${publicUrl}${path}`, body, timestamp);
    const tampered = body.replace('Budget frozen', 'Budget frozen!');
    await request(app)
      .post(path)
      .set('content-type', 'application/json')
      .set('X-HubSpot-Signature-v3', signature)
      .set('X-HubSpot-Request-Timestamp', timestamp)
      .send(tampered)
      .expect(401);
    await request(app)
      .post(path)
      .set('content-type', 'application/json')
      .set('X-HubSpot-Signature-v3', signature)
      .set('X-HubSpot-Request-Timestamp', timestamp)
      .send(body)
      .expect(200);
    const actions = await listCardActions(handle.db, portalA, '1001');
    expect(actions.map((action) => [action.action, action.subject, action.actor, action.details])).toEqual([
      ['dismiss_suggestion', 'seat_expansion:core', 'csm@example.com', { reason: 'Budget frozen' }],
    ]);
  });
});
