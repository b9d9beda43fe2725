import type { Express } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/config/logger';
import type { DatabaseHandle } from '../../src/db/client';
import { createApiKey } from '../../src/services/ingestion/api-keys';
import { databaseTargets } from '../support/databases';
import { snapshotDatabase } from './database-snapshot';
import { endpointKey, endpoints, type EndpointSpec, type RequestIds } from './endpoints';
import { fillPath, send, securityTestApp, type Credentials } from './security-app';
import { seedTwoPortals, type TwoPortals } from './two-portals';
import { ifStarted } from '../support/if-started';

const logger = createLogger('silent');

/** Portal B's fingerprints: none may appear in an answer to portal A. */
function fingerprintsOf(portals: TwoPortals): string[] {
  return [
    ...portals.b.companyIds,
    ...portals.b.fixture.companies.map((company) => company.properties.name ?? '').filter((name) => name.length > 3),
  ];
}

function withPortalId(
  spec: EndpointSpec,
  ids: RequestIds,
  portalId: number,
): { query: Record<string, string>; body?: { text: string; contentType: string } } {
  const query = { ...(spec.validQuery?.(ids) ?? {}), portalId: String(portalId) };
  if (spec.body !== 'json') return { query };
  return {
    query,
    body: { text: JSON.stringify({ ...(spec.validBody?.(ids) ?? {}), portalId }), contentType: 'application/json' },
  };
}

describe.each(databaseTargets)('portal isolation ($name)', (target) => {
  let handle: DatabaseHandle;
  let portals: TwoPortals;
  let app: Express;
  /** API_AUTH=keys, several portals and no HUBSPOT_PORTAL_ID: only A's api key decides the portal. */
  let keyedApp: Express;
  let asA: Credentials;
  let idsOfB: RequestIds;

  beforeAll(async () => {
    handle = await target.open();
    portals = await seedTwoPortals(handle);
    app = securityTestApp(handle.db, portals, logger);
    keyedApp = securityTestApp(handle.db, portals, logger, undefined, { apiAuth: 'keys' });
    asA = {
      ingestionKey: portals.a.ingestionKey,
      apiKey: (await createApiKey(handle.db, portals.a.id, 'isolation', 'api')).key,
      portalId: portals.a.id,
      signature: 'valid',
    };
    const bCompany =
      portals.b.companyIds.find((id) => portals.b.fixture.deals.some((deal) => deal.companyIds.includes(id))) ?? '';
    idsOfB = {
      companyId: bCompany,
      milestoneKey: 'kickoff',
      suggestionId: 'seat_expansion:core',
      now: new Date().toISOString(),
    };
  }, 120_000);
  afterAll(async () => {
    await ifStarted(portals)?.close();
    await ifStarted(handle)?.close();
  });

  it('portal B has records to leak (companies, health scores, milestones)', async () => {
    const rowsOfB = await snapshotDatabase(handle.db, portals.b.id);
    for (const table of ['companies', 'health_scores', 'onboarding_milestones', 'contracts']) {
      const entry = Object.entries(rowsOfB).find(([name]) => name.endsWith(`."${table}"`));
      expect(entry?.[1], table).toMatch(/^[1-9][0-9]* rows/);
    }
  });

  it.each(endpoints.map((spec) => [endpointKey(spec.method, spec.path), spec] as const))(
    '%s as portal A with portal B ids: nothing of B returned or changed',
    async (_name, spec) => {
      const rowsOfB = await snapshotDatabase(handle.db, portals.b.id);
      const path = fillPath(
        spec.path,
        Object.fromEntries(
          [...spec.path.matchAll(/:([A-Za-z]+)/g)].map((match) => [
            match[1] ?? '',
            match[1] === 'key'
              ? idsOfB.milestoneKey
              : match[1] === 'suggestionId'
                ? idsOfB.suggestionId
                : idsOfB.companyId,
          ]),
        ),
      );
      const plain = {
        query: spec.validQuery?.(idsOfB) ?? {},
        body:
          spec.body === 'json'
            ? { text: JSON.stringify(spec.validBody?.(idsOfB) ?? {}), contentType: 'application/json' }
            : undefined,
      };
      const naming = withPortalId(spec, idsOfB, portals.b.id);
      for (const [mode, attempt] of [
        ['open', plain],
        ['open', naming],
        ['keys', plain],
        ['keys', naming],
      ] as const) {
        const response = await send(
          mode === 'keys' ? keyedApp : app,
          { spec, path, ...attempt },
          mode === 'keys' ? asA : { ...asA, apiKey: undefined },
        );
        const label = `${mode}: ${spec.method} ${path} ${JSON.stringify(attempt.query)} -> ${response.status} ${response.text.slice(0, 300)}`;
        expect(response.status, label).toBeLessThan(500);
        // A 404 may echo the id the caller sent; anything else of B's may not appear.
        const fingerprints = fingerprintsOf(portals).filter(
          (fingerprint) => response.status < 400 || fingerprint !== idsOfB.companyId,
        );
        // A's ingestion key sent B's company id above: A's own unmatched list names it as the account A sent, nothing of B's.
        const answer = response.text.replaceAll(`"accountId":"${idsOfB.companyId}"`, '"accountId":"<sent by A>"');
        for (const fingerprint of fingerprints) expect(answer, label).not.toContain(fingerprint);
        if (spec.companyParams || (spec.validBody && !spec.bodyNamesNoRecord) || spec.validQuery?.(idsOfB).companyId) {
          // Ingestion stores an unknown company's events as the caller's own unmatched events; webhooks name their portal per event.
          if (spec.body !== 'csv' && !spec.caller.startsWith('ingestion') && !spec.portalFromBody)
            expect(response.status, label).toBeGreaterThanOrEqual(400);
        }
      }
      expect(await snapshotDatabase(handle.db, portals.b.id)).toEqual(rowsOfB);
    },
    60_000,
  );

  it('ignores a portalId the caller sends where a key or a signature decides the portal', async () => {
    const card = endpoints.find((spec) => spec.caller === 'hubspot-signed' && spec.method === 'GET' && spec.validQuery);
    if (!card) throw new Error('no signed card read endpoint listed');
    // The signed portalId is A's; an extra portalId the caller appends cannot name B (the signature covers the URL as sent).
    const ownCompany = portals.a.companyIds[0] ?? '';
    const own = await send(app, { spec: card, path: card.path, query: { companyId: ownCompany } }, asA);
    expect(own.status).toBe(200);
  });

  it('answers 404 when HUBSPOT_PORTAL_ID is A and the caller names portal B', async () => {
    const response = await send(
      app,
      {
        spec: endpoints.find((spec) => spec.path === '/api/v1/companies') as EndpointSpec,
        path: '/api/v1/companies',
        query: { portalId: String(portals.b.id) },
      },
      asA,
    );
    expect(response.status).toBe(404);
    expect(response.body.error.details.fields[0].field).toBe('portalId');
  });
});
