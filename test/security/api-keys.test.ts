import type { Express } from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/config/logger';
import type { DatabaseHandle } from '../../src/db/client';
import { findOnboardingRecord } from '../../src/db/repositories/customer-success-onboarding-repository';
import { createApiKey, revokeKey } from '../../src/services/ingestion/api-keys';
import { databaseTargets } from '../support/databases';
import { snapshotDatabase } from './database-snapshot';
import { endpointKey, endpoints, type EndpointSpec, type RequestIds } from './endpoints';
import { fillPath, securityTestApp } from './security-app';
import { seedTwoPortals, type TwoPortals } from './two-portals';
import { ifStarted } from '../support/if-started';

const logger = createLogger('silent');

/** The portal's data API: /api/v1 outside ingestion, where the portal used to come from `portalId`. */
const dataEndpoints = endpoints.filter(
  (spec) => spec.caller === 'configured-portal' && spec.path.startsWith('/api/v1/'),
);

function idsOf(companyId: string): RequestIds {
  return { companyId, milestoneKey: 'kickoff', suggestionId: 'seat_expansion:core', now: new Date().toISOString() };
}

function call(
  app: Express,
  spec: EndpointSpec,
  ids: RequestIds,
  authorization?: string,
  query: Record<string, string> = {},
): request.Test {
  const path = fillPath(spec.path, { id: ids.companyId, key: ids.milestoneKey, suggestionId: ids.suggestionId });
  const search = new URLSearchParams({ ...(spec.validQuery?.(ids) ?? {}), ...query }).toString();
  const url = search ? `${path}?${search}` : path;
  let test =
    spec.method === 'GET'
      ? request(app).get(url)
      : spec.method === 'PUT'
        ? request(app).put(url)
        : request(app).post(url);
  if (authorization !== undefined) test = test.set('Authorization', authorization);
  return spec.body === 'json'
    ? test.set('Content-Type', 'application/json').send(JSON.stringify(spec.validBody?.(ids) ?? {}))
    : test;
}

describe.each(databaseTargets)('API keys on /api/v1 ($name)', (target) => {
  let handle: DatabaseHandle;
  let portals: TwoPortals;
  let app: Express;
  let apiKeyOfA: string;
  let idsOfA: RequestIds;
  let idsOfB: RequestIds;

  beforeAll(async () => {
    handle = await target.open();
    portals = await seedTwoPortals(handle);
    app = securityTestApp(handle.db, portals, logger, undefined, { apiAuth: 'keys' });
    apiKeyOfA = (await createApiKey(handle.db, portals.a.id, 'crm-dashboard', 'api')).key;
    await createApiKey(handle.db, portals.b.id, 'other-tenant', 'api');
    idsOfA = idsOf(portals.a.companyIds[0] ?? '');
    idsOfB = idsOf(
      portals.b.companyIds.find((id) => portals.b.fixture.deals.some((deal) => deal.companyIds.includes(id))) ?? '',
    );
  }, 120_000);
  afterAll(async () => {
    await ifStarted(portals)?.close();
    await ifStarted(handle)?.close();
  });

  it('guards every read and action of the data API (companies, KPIs, health, alerts, CSM actions, manager portfolio)', () => {
    const paths = dataEndpoints.map((spec) => endpointKey(spec.method, spec.path));
    expect(paths).toEqual(
      expect.arrayContaining([
        'GET /api/v1/companies',
        'GET /api/v1/kpis',
        'GET /api/v1/alerts',
        'POST /api/v1/companies/:id/stage',
        'GET /api/v1/manager/portfolio',
      ]),
    );
    expect(paths.length).toBeGreaterThanOrEqual(10);
  });

  it.each(dataEndpoints.map((spec) => [endpointKey(spec.method, spec.path), spec] as const))(
    '%s: 401 without an api key, with a bad or a Basic one, 403 with an ingest key; nothing written',
    async (_name, spec) => {
      const before = await snapshotDatabase(handle.db);
      const attempts: Array<[string, string | undefined]> = [
        ['no header', undefined],
        ['unknown key', 'Bearer csk_not-a-key-at-all'],
        ['not a Bearer', apiKeyOfA],
        ['api key as Basic', `Basic ${Buffer.from(`${apiKeyOfA}:`).toString('base64')}`],
      ];
      for (const [label, authorization] of attempts) {
        const response = await call(app, spec, idsOfA, authorization, { portalId: String(portals.a.id) });
        expect(response.status, `${label}: ${response.text.slice(0, 200)}`).toBe(401);
        expect(response.headers['www-authenticate']).toBe('Bearer realm="api"');
        expect(response.body.error).toMatchObject({
          code: 'unauthorized',
          details: { fields: [{ field: 'Authorization' }] },
        });
        expect(response.body.error.message).toContain('Authorization');
      }
      // A known key of the wrong scope: the front end's ingest key reads and changes nothing.
      const ingest = await call(app, spec, idsOfA, `Bearer ${portals.a.ingestionKey}`, {
        portalId: String(portals.a.id),
      });
      expect(ingest.status, ingest.text.slice(0, 200)).toBe(403);
      expect(ingest.body.error).toMatchObject({ code: 'forbidden', details: { fields: [{ field: 'Authorization' }] } });
      expect(await snapshotDatabase(handle.db)).toEqual(before);
    },
    60_000,
  );

  it("serves the key's portal without any portalId", async () => {
    const companies = await request(app).get('/api/v1/companies?limit=200').set('Authorization', `Bearer ${apiKeyOfA}`);
    expect(companies.status).toBe(200);
    expect(companies.body.portalId).toBe(portals.a.id);
    expect(companies.body.results.map((company: { id: string }) => company.id).sort()).toEqual(
      [...portals.a.companyIds].sort(),
    );
    const manager = await request(app).get('/api/v1/manager/portfolio').set('Authorization', `Bearer ${apiKeyOfA}`);
    expect(manager.status).toBe(200);
    const same = await request(app)
      .get(`/api/v1/companies?limit=200&portalId=${portals.a.id}`)
      .set('Authorization', `Bearer ${apiKeyOfA}`);
    expect(same.body).toEqual(companies.body);
  });

  it.each(dataEndpoints.map((spec) => [endpointKey(spec.method, spec.path), spec] as const))(
    "%s with A's key: portal B's id or B's records give nothing of B and change nothing",
    async (_name, spec) => {
      const rowsOfB = await snapshotDatabase(handle.db, portals.b.id);
      const fingerprints = [
        ...portals.b.companyIds,
        ...portals.b.fixture.companies
          .map((company) => company.properties.name ?? '')
          .filter((name) => name.length > 3),
      ];
      const attempts: Array<[RequestIds, Record<string, string>]> = [
        [idsOfA, { portalId: String(portals.b.id) }],
        [idsOfB, {}],
        [idsOfB, { portalId: String(portals.b.id) }],
      ];
      for (const [ids, query] of attempts) {
        const response = await call(app, spec, ids, `Bearer ${apiKeyOfA}`, query);
        const label = `${spec.method} ${ids.companyId} ${JSON.stringify(query)} -> ${response.status} ${response.text.slice(0, 200)}`;
        if (query.portalId !== undefined) {
          expect(response.status, label).toBe(404);
          expect(response.body.error.details.fields[0].field, label).toBe('portalId');
        }
        if (spec.companyParams) expect(response.status, label).toBeGreaterThanOrEqual(400);
        // A 404 may echo the company id the caller sent; nothing else of B's may appear.
        for (const fingerprint of fingerprints.filter((value) => response.status < 400 || value !== ids.companyId))
          expect(response.text, label).not.toContain(fingerprint);
      }
      expect(await snapshotDatabase(handle.db, portals.b.id)).toEqual(rowsOfB);
    },
    60_000,
  );

  it('an api key does not post usage or surveys; an ingest key still does', async () => {
    const before = await snapshotDatabase(handle.db);
    const event = {
      messageId: 'api-key-usage-1',
      companyId: idsOfA.companyId,
      userId: 'u1',
      event: 'report.viewed',
      timestamp: new Date().toISOString(),
    };
    const usage = await request(app)
      .post('/api/v1/usage/batch')
      .set('Authorization', `Bearer ${apiKeyOfA}`)
      .send({ events: [event] });
    expect(usage.status).toBe(401);
    expect(usage.headers['www-authenticate']).toBe('Bearer realm="ingestion"');
    const segment = await request(app)
      .post('/v1/track')
      .set('Authorization', `Basic ${Buffer.from(`${apiKeyOfA}:`).toString('base64')}`)
      .send({ messageId: 's1', userId: 'u1', event: 'x', timestamp: event.timestamp });
    expect(segment.status).toBe(401);
    const surveys = await request(app)
      .post('/api/v1/surveys')
      .set('Authorization', `Bearer ${apiKeyOfA}`)
      .send({ responses: [] });
    expect(surveys.status).toBe(401);
    expect(await snapshotDatabase(handle.db)).toEqual(before);
    const ingested = await request(app)
      .post('/api/v1/usage/batch')
      .set('Authorization', `Bearer ${portals.a.ingestionKey}`)
      .send({ events: [event] });
    expect(ingested.status, ingested.text).toBeLessThan(300);
  });

  it('the unsigned preview serves no portal in keys mode (it has no key to decide one)', async () => {
    const response = await request(app)
      .get(`/preview/api/card?companyId=${idsOfA.companyId}`)
      .set('Authorization', `Bearer ${apiKeyOfA}`);
    expect(response.status).toBe(401);
  });

  it('a revoked api key is refused', async () => {
    const created = await createApiKey(handle.db, portals.a.id, 'to-revoke', 'api');
    const before = await request(app).get('/api/v1/alerts').set('Authorization', `Bearer ${created.key}`);
    expect(before.status).toBe(200);
    expect(await revokeKey(handle.db, created.id)).toHaveLength(1);
    const after = await request(app).get('/api/v1/alerts').set('Authorization', `Bearer ${created.key}`);
    expect(after.status).toBe(401);
    expect(after.body.error.code).toBe('unauthorized');
  });

  it('records the api key, never a name from the body, as who set and who cleared a stage', async () => {
    const created = await createApiKey(handle.db, portals.a.id, 'csm-tool', 'api');
    const stage = `/api/v1/companies/${idsOfA.companyId}/stage`;
    const forged = await request(app)
      .post(stage)
      .set('Authorization', `Bearer ${created.key}`)
      .send({ stage: 'introduction', actor: 'ceo@example.com' });
    expect(forged.status).toBe(400);
    const set = await request(app)
      .post(stage)
      .set('Authorization', `Bearer ${created.key}`)
      .send({ stage: 'introduction' });
    expect(set.status).toBe(200);
    expect(set.body.manualOverride).toMatchObject({ stage: 'introduction', setBy: `api-key:${created.id} (csm-tool)` });
    await request(app).post(stage).set('Authorization', `Bearer ${apiKeyOfA}`).send({ stage: null }).expect(200);
    const record = await findOnboardingRecord(handle.db, portals.a.id, idsOfA.companyId);
    expect(record).toMatchObject({ manualStage: null, manualStageSetBy: expect.stringMatching(/^api-key:key_/) });
    expect(record?.manualStageSetBy).not.toContain(created.id);
  });
});
