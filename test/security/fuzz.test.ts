import type { Express } from 'express';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/client';
import { apiOperations } from '../../src/http/openapi/api-operations';
import { databaseTargets } from '../support/databases';
import { snapshotDatabase } from './database-snapshot';
import { endpointKey, endpoints, type EndpointSpec, type RequestIds } from './endpoints';
import { invalidBody, oddPathParameter, oddQuery } from './fuzz-inputs';
import { capturingLogger } from './log-capture';
import { checkInvalidCases, documentedOperations, FuzzTally } from './openapi-fuzz';
import { mountedRoutes } from './route-inventory';
import { fillPath, RecordingJobQueue, send, securityTestApp, type Credentials } from './security-app';
import { seedTwoPortals, type TwoPortals } from './two-portals';
import { ifStarted } from '../support/if-started';

const runsPerEndpoint = 25;
const malformedEncodings = ['%', '%zz', '%E0%A4%A', '%C0%AF', '%FF%FE', '%00'];
const keyCharacters = fc.stringMatching(/^[A-Za-z0-9._~+/=-]{0,80}$/);

// The local preview: HTML pages, their assets and the JSON they fetch. Not part of the service's API.
function isPreviewRoute(route: string): boolean {
  return /^(GET|POST) \/(preview(\/|$)|manager(\/|$)|$)/.test(route);
}

function pathParameters(spec: EndpointSpec): string[] {
  return [...spec.path.matchAll(/:([A-Za-z]+)/g)].map((match) => match[1] ?? '');
}

describe.each(databaseTargets)('malformed input on every public endpoint ($name)', (target) => {
  let handle: DatabaseHandle;
  let portals: TwoPortals;
  let app: Express;
  let ids: RequestIds;
  const logs = capturingLogger();
  const jobs = new RecordingJobQueue();
  const tally = new FuzzTally();

  beforeAll(async () => {
    handle = await target.open();
    portals = await seedTwoPortals(handle);
    app = securityTestApp(handle.db, portals, logs.logger, jobs);
    // "Valid" parts name portal B's records: a request that slipped through validation still finds nothing of A's to change.
    ids = {
      companyId: portals.b.companyIds[0] ?? '',
      milestoneKey: 'kickoff',
      suggestionId: 'seat_expansion:core',
      now: new Date().toISOString(),
    };
  }, 120_000);
  afterAll(async () => {
    process.stdout.write(`${tally.summary()} (${target.name})\n`);
    await ifStarted(portals)?.close();
    await ifStarted(handle)?.close();
  });

  it('covers every route the app mounts, and each listed endpoint exists', () => {
    const listed = endpoints.map((spec) => endpointKey(spec.method, spec.path));
    const mounted = mountedRoutes(app);
    expect(
      mounted.filter((route) => !listed.includes(route)),
      'mounted but not in test/security/endpoints.ts',
    ).toEqual([]);
    expect(
      listed.filter((route) => !mounted.includes(route)),
      'listed but not mounted',
    ).toEqual([]);
  });

  it.each(endpoints.map((spec) => [endpointKey(spec.method, spec.path), spec] as const))(
    '%s: 4xx for malformed input, never 5xx, nothing written',
    async (_name, spec) => {
      const before = await snapshotDatabase(handle.db);
      const names = pathParameters(spec);
      const parameters = fc.record(
        Object.fromEntries(names.map((name) => [name, oddPathParameter(portals.b.companyIds, portals.a.companyIds)])),
      );
      const rawParameter = fc.constantFrom(...malformedEncodings);
      const credentials: fc.Arbitrary<Credentials> =
        spec.caller === 'hubspot-signed'
          ? fc
              .constantFrom('valid', 'missing', 'wrong')
              .map((signature) => ({ ingestionKey: '', portalId: portals.a.id, signature }))
          : fc
              .oneof(
                { weight: 4, arbitrary: fc.constant(portals.a.ingestionKey) },
                {
                  weight: 1,
                  arbitrary: spec.caller.startsWith('ingestion') ? keyCharacters : fc.constant(portals.a.ingestionKey),
                },
              )
              .map((ingestionKey) => ({ ingestionKey, portalId: portals.a.id, signature: 'valid' as const }));
      const body = spec.body === 'none' ? fc.constant(undefined) : invalidBody(spec, ids);
      const query = fc.oneof(oddQuery(spec), fc.constant(spec.validQuery?.(ids) ?? {}));
      const useRawParameter = names.length > 0 ? fc.boolean() : fc.constant(false);

      await fc.assert(
        fc.asyncProperty(
          parameters,
          rawParameter,
          useRawParameter,
          query,
          body,
          credentials,
          async (values, raw, useRaw, queryValues, bodyCase, caller) => {
            const path = useRaw
              ? fillPath(spec.path, Object.fromEntries(names.map((name) => [name, raw])), true)
              : fillPath(spec.path, values);
            const response = await send(app, { spec, path, query: queryValues, body: bodyCase }, caller);
            const label = `${spec.method} ${path} ${JSON.stringify(queryValues).slice(0, 200)} ${bodyCase?.label ?? ''} ${bodyCase?.text.slice(0, 200) ?? ''} -> ${response.status} ${response.text.slice(0, 300)}`;
            expect(response.status, label).toBeLessThan(500);
            // A GET without path parameters may legitimately ignore an unknown query parameter.
            const badCredential =
              (spec.caller === 'hubspot-signed' && caller.signature !== 'valid') ||
              (spec.caller.startsWith('ingestion') && caller.ingestionKey !== portals.a.ingestionKey);
            const mustReject =
              (spec.method !== 'GET' && !spec.reportsBadRows) ||
              names.length > 0 ||
              badCredential ||
              spec.alwaysRejects === true;
            if (mustReject) {
              expect(response.status, label).toBeGreaterThanOrEqual(400);
              // 431: Node's HTTP parser refused an oversized URL before the app saw it.
              if (response.status !== 431) expect(response.body?.error?.code, label).toEqual(expect.any(String));
            }
          },
        ),
        { numRuns: runsPerEndpoint },
      );
      const withoutRejections = (snapshot: Record<string, string>) =>
        Object.fromEntries(
          Object.entries(snapshot).filter(([table]) => table !== `"public"."${spec.rejectsInto ?? ''}"`),
        );
      if (!spec.writesByDesign)
        expect(withoutRejections(await snapshotDatabase(handle.db))).toEqual(withoutRejections(before));
      expect(jobs.sent).toEqual([]);
    },
    60_000,
  );

  it('answers a body over the limit with 413 naming the limit, before reading it', async () => {
    const before = await snapshotDatabase(handle.db);
    const oversized = 'x'.repeat(11 * 1024 * 1024);
    for (const spec of endpoints.filter((candidate) => candidate.body === 'json')) {
      const path = fillPath(spec.path, Object.fromEntries(pathParameters(spec).map((name) => [name, ids.companyId])));
      const response = await send(
        app,
        {
          spec,
          path,
          query: {},
          body: { text: JSON.stringify({ padding: oversized }), contentType: 'application/json' },
        },
        { ingestionKey: portals.a.ingestionKey, portalId: portals.a.id, signature: 'valid' },
      );
      expect(response.status, endpointKey(spec.method, spec.path)).toBe(413);
      expect(response.body.error.message).toMatch(/limit of [0-9]+ [KM]B/);
      expect(response.body.error.details.limitBytes).toEqual(expect.any(Number));
    }
    expect(await snapshotDatabase(handle.db)).toEqual(before);
  }, 60_000);

  it('documents every route the app mounts in the OpenAPI document, but the preview (local pages, not the API)', () => {
    const documented = apiOperations.map((operation) => endpointKey(operation.method, operation.path));
    const mounted = mountedRoutes(app).filter((route) => !isPreviewRoute(route));
    expect(
      mounted.filter((route) => !documented.includes(route)),
      'mounted but not documented',
    ).toEqual([]);
    expect(
      documented.filter((route) => !mounted.includes(route)),
      'documented but not mounted',
    ).toEqual([]);
  });

  it.each(
    documentedOperations().map((entry) => [endpointKey(entry.operation.method, entry.operation.path), entry] as const),
  )(
    '%s: each field the OpenAPI document constrains, broken, is a 400 naming it; nothing written',
    async (_name, entry) => {
      const before = await snapshotDatabase(handle.db);
      const credentials: Credentials = {
        ingestionKey: portals.a.ingestionKey,
        portalId: portals.a.id,
        signature: 'valid',
      };
      await checkInvalidCases(entry, { app, ids, credentials, tally });
      expect(await snapshotDatabase(handle.db)).toEqual(before);
      tally.writesChecked += 1;
    },
    60_000,
  );

  it('logged no unhandled error, and no key, signature or e-mail address', () => {
    const text = logs.lines().join('\n');
    expect(text).not.toContain('unhandled error');
    expect(text).not.toContain(portals.a.ingestionKey);
    expect(text).not.toContain('csm@example.com');
  });
});
