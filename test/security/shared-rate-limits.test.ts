import { sql } from 'drizzle-orm';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../src/db/client';
import { upsertPortal } from '../../src/db/repositories/portals-repository';
import { createApp } from '../../src/http/app';
import type { HttpModule } from '../../src/http/http-module';
import type { Options } from 'express-rate-limit';
import {
  budgetReadFreshMilliseconds,
  DatabaseRateLimitStore,
} from '../../src/http/middleware/database-rate-limit-store';
import { signatureV3, verifyHubSpotSignature } from '../../src/http/middleware/hubspot-signature';
import { ingestionModule } from '../../src/http/routes/usage-module';
import { createApiKey, revokeKey } from '../../src/services/ingestion/api-keys';
import { createServerDatabase, postgresServerAvailable } from '../support/databases';
import { rowsOf } from '../support/sql-rows';
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
    // Stored under `ip:<address>` (the loopback, as IPv4 or as the IPv6 /56 the limiter groups by).
    const stored = rowsOf<{ key: string }>(await opened()[0].db.execute(sql`select key from rate_limit_counters`));
    const addressKeys = stored.map((row) => row.key).filter((key) => !key.startsWith('key:'));
    expect(addressKeys).toHaveLength(1);
    expect(addressKeys[0]).toMatch(/^ip:(127\.0\.0\.1|::\/56)$/);
  });
  it('writes no per-address counter for a request that proves its credential (a signed card read, a keyed batch)', async () => {
    // Every write to the counters, logged by a trigger: express-rate-limit counted such a request and then took
    // the count back, two writes to the one row every request from that address shares.
    const db = opened()[0].db;
    await db.execute(sql`create table if not exists counter_writes (key text not null)`);
    await db.execute(sql`create or replace function log_counter_write() returns trigger language plpgsql as $$
      begin insert into counter_writes values (new.key); return new; end $$`);
    await db.execute(sql`create or replace trigger counter_writes after insert or update on rate_limit_counters
      for each row execute function log_counter_write()`);
    const clientSecret = 'rate-limit-test-secret';
    const signedModule: HttpModule = (app) =>
      app.get(
        '/signed',
        verifyHubSpotSignature({ clientSecret, publicUrl: 'https://cs.example.com' }),
        (_request, response) => {
          response.json({ ok: true });
        },
      );
    const key = (await createApiKey(db, portalId, 'writes')).key;
    const app = createApp({
      apiAuth: 'open',
      db,
      logger: capturingLogger().logger,
      portalId,
      modules: [ingestionModule(), signedModule],
      rateLimits: { windowSeconds: 60, perIp: 100, perIngestionKey: 100 },
      rateLimitStore: 'database',
    });
    await db.execute(sql`truncate counter_writes`);
    for (let index = 0; index < 3; index += 1) {
      const timestamp = String(Date.now());
      const uri = `https://cs.example.com/signed?portalId=${portalId}&n=${index}`;
      await request(app)
        .get(`/signed?portalId=${portalId}&n=${index}`)
        .set('x-hubspot-request-timestamp', timestamp)
        .set('x-hubspot-signature-v3', signatureV3(clientSecret, 'GET', uri, '', timestamp))
        .expect(200);
      await probe(app).set('Authorization', `Bearer ${key}`).expect(200);
    }
    const writes = rowsOf<{ key: string }>(await db.execute(sql`select key from counter_writes`));
    expect(writes.filter((write) => write.key.startsWith('ip:'))).toEqual([]);
    // The key's own budget is still counted, once a request.
    expect(writes.filter((write) => write.key.startsWith('key:'))).toHaveLength(3);
    // A bad signature still spends the address's budget, once.
    await db.execute(sql`truncate counter_writes`);
    await request(app)
      .get('/signed')
      .set('x-hubspot-request-timestamp', String(Date.now()))
      .set('x-hubspot-signature-v3', 'bad')
      .expect(401);
    expect(rowsOf<{ key: string }>(await db.execute(sql`select key from counter_writes`))).toHaveLength(1);
  });

  it("reads an address's budget once a second per replica; the replica's own hits show at once", async () => {
    let now = 0;
    const storeOf = (replica: DatabaseHandle) => {
      const store = new DatabaseRateLimitStore(replica.db, 'ip:', () => now);
      store.init({ windowMs: 60_000 } as Options);
      return store;
    };
    const [one, other] = opened();
    const [first, second] = [storeOf(one), storeOf(other)];
    const key = 'read-once-address';
    expect(await first.get(key)).toBeUndefined();
    await second.increment(key);
    // The other replica's hit is not read again within the second...
    expect(await first.get(key)).toBeUndefined();
    now += budgetReadFreshMilliseconds + 1;
    // ...but after it, and this replica's own hit drops the remembered read.
    expect((await first.get(key))?.totalHits).toBe(1);
    await first.increment(key);
    expect((await first.get(key))?.totalHits).toBe(2);
  });
});
