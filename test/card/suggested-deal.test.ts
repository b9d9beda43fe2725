import { AssociationSpecAssociationCategoryEnum } from '@hubspot/api-client/lib/codegen/crm/deals';
import type { Express } from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cardActionPaths } from '../../extensions/app/cards/shared/card-payload';
import { createLogger } from '../../src/config/logger';
import type { DatabaseHandle } from '../../src/db/client';
import { claimSuggestedDeal, listCardActions } from '../../src/db/repositories/card-actions-repository';
import { instantToLocalDate } from '../../src/domain/time/time-zone';
import { createApp } from '../../src/http/app';
import { signatureV3 } from '../../src/http/middleware/hubspot-signature';
import { cardModule, companyCardPath } from '../../src/http/routes/card-routes';
import { createHubSpotClient } from '../../src/hubspot/client';
import { generateDemoPortfolio } from '../../src/sandbox/demo/generate-demo-portfolio';
import { createSandbox, type RunningSandbox, type Sandbox } from '../../src/sandbox/server';
import { loadCompanySuccess } from '../../src/services/customer-success/company-success';
import { databaseTargets } from '../support/databases';
import { seedFixtureDirect } from '../support/seed-fixture';
import { ifStarted } from '../support/if-started';

const clientSecret = 'suggested-deal-secret';
const publicUrl = 'https://cs.example.com';
const createDealCall = 'POST /crm/v3/objects/deals';

describe.each(databaseTargets)('creating a suggested deal from the card ($name)', (target) => {
  let handle: DatabaseHandle;
  let sandbox: Sandbox;
  let running: RunningSandbox;
  let app: Express;
  let portalId: number;
  let offers: { companyId: string; suggestionId: string }[];
  const today = instantToLocalDate(Date.now(), 'UTC');

  beforeAll(async () => {
    handle = await target.open();
    const fixture = generateDemoPortfolio({ asOf: today, companies: 30, seed: 11, years: 1 });
    portalId = fixture.portal.id;
    // The sandbox answers the deal creations; the portfolio itself is seeded as the sync leaves it.
    sandbox = createSandbox({ fixture, rateLimit: false });
    running = await sandbox.start(0);
    await seedFixtureDirect(handle.db, fixture, today, [today]);
    const connection = { accessToken: 'test-token', baseUrl: running.url, requestsPer10Seconds: 10_000 };
    app = createApp({
      apiAuth: 'open',
      db: handle.db,
      logger: createLogger('silent'),
      modules: [cardModule({ clientSecret, publicUrl, hubspotConnection: connection })],
    });
    offers = [];
    for (const company of fixture.companies) {
      const success = await loadCompanySuccess(handle.db, portalId, company.id, today);
      for (const suggestion of success?.suggestions ?? [])
        offers.push({ companyId: company.id, suggestionId: suggestion.id });
    }
    expect(offers.length).toBeGreaterThanOrEqual(3);
  }, 120_000);
  afterAll(async () => {
    await ifStarted(running)?.close();
    await ifStarted(handle)?.close();
  });

  const createDeal = (offer: { companyId: string; suggestionId: string }) => {
    const path = `${companyCardPath}${cardActionPaths.createSuggestedDeal}?userId=77&userEmail=csm%40example.com&portalId=${portalId}`;
    const body = JSON.stringify(offer);
    const timestamp = String(Date.now());
    const signature = signatureV3(clientSecret, 'POST', `${publicUrl}${path}`, body, timestamp);
    return request(app)
      .post(path)
      .set('content-type', 'application/json')
      .set('X-HubSpot-Signature-v3', signature)
      .set('X-HubSpot-Request-Timestamp', timestamp)
      .send(body);
  };
  const creates = () => sandbox.calls().byRoute[createDealCall] ?? 0;
  const dealsOf = async (companyId: string): Promise<string[]> => {
    const client = createHubSpotClient({
      accessToken: 'test-token',
      baseUrl: running.url,
      requestsPer10Seconds: 10_000,
    });
    const associated = await client.crm.associations.v4.basicApi.getPage(
      'companies',
      companyId,
      'deals',
      undefined,
      500,
    );
    return associated.results.map((result) => result.toObjectId);
  };

  it('makes exactly one deal from two concurrent signed requests, and a replay makes none', async () => {
    const offer = offers[0];
    if (!offer) throw new Error('no offer');
    const before = await dealsOf(offer.companyId);
    const createsBefore = creates();
    const answers = await Promise.all([createDeal(offer), createDeal(offer)]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409]);
    expect(creates() - createsBefore).toBe(1);
    const replay = await createDeal(offer);
    expect(replay.status).toBe(409);
    expect(creates() - createsBefore).toBe(1);
    expect((await dealsOf(offer.companyId)).length - before.length).toBe(1);
    const recorded = (await listCardActions(handle.db, portalId, offer.companyId)).filter(
      (action) => action.action === 'create_suggested_deal',
    );
    expect(recorded).toHaveLength(1);
    expect(recorded[0]?.resultId).toMatch(/^\d+$/);
  });

  it('never retries a create HubSpot answered with a 5xx; the next try makes the one deal', async () => {
    const offer = offers[1];
    if (!offer) throw new Error('no offer');
    const createsBefore = creates();
    sandbox.failNext({ status: 503, match: createDealCall });
    const failed = await createDeal(offer);
    expect(failed.status).toBe(502);
    expect(failed.body.error.message).toContain('did not confirm');
    expect(creates() - createsBefore).toBe(1);
    const retried = await createDeal(offer);
    expect(retried.status).toBe(200);
    expect(creates() - createsBefore).toBe(2);
    expect(await createDeal(offer).then((answer) => answer.status)).toBe(409);
  });

  it('finds a deal whose answer was lost instead of making a second one', async () => {
    const offer = offers[2];
    if (!offer) throw new Error('no offer');
    const client = createHubSpotClient({
      accessToken: 'test-token',
      baseUrl: running.url,
      requestsPer10Seconds: 10_000,
    });
    const company = await client.crm.companies.basicApi.getById(offer.companyId, ['name']);
    const success = await loadCompanySuccess(handle.db, portalId, offer.companyId, today);
    const title = success?.suggestions.find((suggestion) => suggestion.id === offer.suggestionId)?.title;
    const dealName = `${company.properties.name ?? ''}: ${title ?? ''}`;
    // HubSpot made the deal, then the answer was lost: the claim says "unconfirmed".
    const made = await client.crm.deals.basicApi.create({
      properties: { dealname: dealName, pipeline: 'default', dealstage: 'appointmentscheduled' },
      associations: [
        {
          to: { id: offer.companyId },
          types: [{ associationCategory: AssociationSpecAssociationCategoryEnum.HubspotDefined, associationTypeId: 5 }],
        },
      ],
    });
    const claim = await claimSuggestedDeal(handle.db, {
      portalId,
      companyId: offer.companyId,
      action: 'create_suggested_deal',
      subject: offer.suggestionId,
      actor: 'csm@example.com',
      details: {
        state: 'unconfirmed',
        claim: 'lost-answer',
        dealName,
        startedAt: new Date(Date.now() - 5_000).toISOString(),
      },
    });
    expect(claim.claimed).toBe(true);
    const createsBefore = creates();
    const answer = await createDeal(offer);
    expect(answer.status).toBe(200);
    const card = answer.body as { suggestions: { items: { id: string; createdDealId: string | null }[] } };
    expect(card.suggestions.items.find((item) => item.id === offer.suggestionId)?.createdDealId).toBe(made.id);
    expect(creates()).toBe(createsBefore);
  });
});
