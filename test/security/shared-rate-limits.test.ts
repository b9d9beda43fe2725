import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../src/db/client';
import { upsertPortal } from '../../src/db/repositories/portals-repository';
import { createApp } from '../../src/http/app';
import { ingestionModule } from '../../src/http/routes/usage-module';
import { createApiKey, revokeKey } from '../../src/services/ingestion/api-keys';
import { createServerDatabase, postgresServerAvailable } from '../support/databases';
import { capturingLogger } from './log-capture';
import { ifStarted } from '../support/if-started';

const portalId = 4343;

// Two replicas: each its own pool and app on one Postgres database, as two `npm start` with one DATABASE_URL.
describe.skipIf(!postgresServerAvailable)('rate limits shared by replicas on the Postgres server', () => {
  let server: Awaited<ReturnType<typeof createServerDatabase>>;
  let replicas: [DatabaseHandle, DatabaseHandle] | undefined;
  // Both replicas, once beforeAll opened them.
  const opened = (): [DatabaseHandle, DatabaseHandle] => {
    if (!replicas) throw new Error('the replicas did not open');
    return replicas;
  };
  beforeAll(async () => {
    server = await createServerDatabase();
    replicas = [
      await openDatabase({ databaseUrl: server.url, poolSize: 2 }),
      await openDatabase({ databaseUrl: server.url, poolSize: 2 }),
    ];
    await upsertPortal(replicas[0].db, { id: portalId, timeZone: 'UTC', currency: 'USD' });
  });
  afterAll(async () => {
    for (const replica of replicas ?? []) await replica.close();
    await ifStarted(server)?.drop();
  });

  // An ingestion write: it needs an ingest key in any auth mode (a read is the data API's, open in open mode).
  const probe = (app: Parameters<typeof request>[0]) =>
    request(app)
      .post('/api/v1/usage/batch')
      .send({
        events: [
          {
            messageId: 'rate-probe',
            companyId: 'c1',
            userId: 'u1',
            event: 'probe',
            timestamp: new Date().toISOString(),
          },
        ],
      });

  const appsWith = (perIp: number, perIngestionKey: number) => {
    const appOf = (replica: DatabaseHandle) =>
      createApp({
        apiAuth: 'open',
        db: replica.db,
        logger: capturingLogger().logger,
        portalId,
        modules: [ingestionModule()],
        rateLimits: { windowSeconds: 60, perIp, perIngestionKey },
        rateLimitStore: 'database',
      });
    const [one, other] = opened();
    return [appOf(one), appOf(other)] as const;
  };

  it('draws a key on one budget across both replicas, counted by its id', async () => {
    const key = (await createApiKey(opened()[0].db, portalId, 'shared')).key;
    const [first, second] = appsWith(0, 4);
    const get = (app: typeof first, authorization: string) => probe(app).set('Authorization', authorization);
    await get(first, `Bearer ${key}`).expect(200);
    await get(second, `Bearer ${key}`).expect(200);
    // The same key as Segment sends it (Basic, key as user name) is the same key id.
    await get(first, `Basic ${Buffer.from(`${key}:`).toString('base64')}`).expect(200);
    await get(second, `Bearer ${key}`).expect(200);
    const limited = await get(first, `Bearer ${key}`).expect(429);
    expect(limited.body.error.message).toContain('with one key');
    await get(second, `Bearer ${key}`).expect(429);
  });

  it('counts failed authentication, revoked keys included, against one address budget across both replicas', async () => {
    const revoked = await createApiKey(opened()[0].db, portalId, 'revoked');
    await revokeKey(opened()[0].db, revoked.id, portalId);
    const [first, second] = appsWith(3, 100);
    await probe(first).set('Authorization', `Bearer ${revoked.key}`).expect(401);
    await probe(second).set('Authorization', `Bearer ${revoked.key}`).expect(401);
    await probe(first).expect(401);
    const limited = await probe(second).expect(429);
    expect(limited.body.error.message).toContain('from one address');
  });
});
