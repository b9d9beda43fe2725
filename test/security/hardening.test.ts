import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/client';
import { upsertPortal } from '../../src/db/repositories/portals-repository';
import { createApp } from '../../src/http/app';
import { ingestionModule } from '../../src/http/routes/usage-module';
import { createApiKey } from '../../src/services/ingestion/api-keys';
import { databaseTargets } from '../support/databases';
import { capturingLogger } from './log-capture';
import { ifStarted } from '../support/if-started';

const portalId = 4242;

describe.each(databaseTargets)('security headers, rate limits and logs ($name)', (target) => {
  let handle: DatabaseHandle;
  let key: string;

  beforeAll(async () => {
    handle = await target.open();
    await upsertPortal(handle.db, { id: portalId, timeZone: 'UTC', currency: 'USD' });
    key = (await createApiKey(handle.db, portalId, 'hardening')).key;
  });
  afterAll(async () => ifStarted(handle)?.close());

  // A keyed ingestion write: 401 without the key, 200 with it (the event waits as unmatched; a resend is a duplicate).
  const probe = (app: ReturnType<typeof appWith>) =>
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

  const appWith = (perIp: number, perIngestionKey: number, logger = capturingLogger().logger) =>
    createApp({
      apiAuth: 'open',
      db: handle.db,
      logger,
      portalId,
      modules: [ingestionModule()],
      rateLimits: { windowSeconds: 60, perIp, perIngestionKey },
    });

  it('refuses to start when no API auth mode was chosen (it never fails open)', () => {
    const logger = capturingLogger().logger;
    // @ts-expect-error: the case is a caller that chose no mode (plain JavaScript, or options that lost it)
    expect(() => createApp({ db: handle.db, logger })).toThrow(/explicit API auth mode/);
    expect(() => createApp({ db: handle.db, logger, apiAuth: 'keys' })).not.toThrow();
  });

  it('sends a CSP that allows only the service itself, and no framing or sniffing', async () => {
    const response = await request(appWith(0, 0)).get('/healthz').expect(200);
    expect(response.headers['content-security-policy']).toContain("default-src 'self'");
    expect(response.headers['content-security-policy']).toContain("script-src 'self'");
    expect(response.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['x-frame-options']).toBe('DENY');
    expect(response.headers['x-powered-by']).toBeUndefined();
  });

  it('answers 429 with Retry-After once an address spends its anonymous budget; probes stay open', async () => {
    const app = appWith(3, 0);
    for (let attempt = 0; attempt < 3; attempt += 1) await probe(app).expect(401);
    const limited = await probe(app).expect(429);
    expect(limited.body.error).toMatchObject({ code: 'rate_limited', details: { limit: 3, windowSeconds: 60 } });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    await request(app).get('/healthz').expect(200);
  });

  it('does not count requests that proved a key against the address budget; the key has its own', async () => {
    const app = appWith(2, 5);
    for (let attempt = 0; attempt < 5; attempt += 1) await probe(app).set('Authorization', `Bearer ${key}`).expect(200);
    const limited = await probe(app).set('Authorization', `Bearer ${key}`).expect(429);
    expect(limited.body.error.message).toContain('with one key');
    expect(limited.headers['retry-after']).toBeDefined();
    // The address budget (2) was never spent by the keyed calls.
    await probe(app).expect(401);
  });

  it('gives a key one budget whatever else the header carries: extra words present no key, Basic passwords share it', async () => {
    const app = appWith(5, 3);
    for (const trailing of [' x2', ' x3', '\tx', ',other']) {
      await probe(app).set('Authorization', `Bearer ${key}${trailing}`).expect(401);
    }
    // Those failed attempts spent the address budget; a proved key is not counted there but in its own.
    const basic = (password: string) => `Basic ${Buffer.from(`${key}:${password}`).toString('base64')}`;
    await probe(app).set('Authorization', basic('one')).expect(200);
    await probe(app).set('Authorization', basic('two')).expect(200);
    await probe(app).set('Authorization', `Bearer ${key}`).expect(200);
    const limited = await probe(app).set('Authorization', basic('three')).expect(429);
    expect(limited.body.error.message).toContain('with one key');
    // The four malformed headers and the refused keyed call were failed attempts of the address: five of five.
    await probe(app).expect(429);
  });

  it('in open mode serves only Host names it knows, so a DNS-rebinding page cannot read the API', async () => {
    const open = createApp({
      db: handle.db,
      logger: capturingLogger().logger,
      portalId,
      apiAuth: 'open',
      allowedHosts: ['cs.example.com'],
    });
    const rebound = await request(open).get('/api/v1/companies').set('Host', 'attacker.example:3000').expect(403);
    expect(rebound.body.error.details.fields[0]).toMatchObject({ field: 'Host' });
    expect(rebound.body.error.details.fields[0].message).toContain('"attacker.example:3000"');
    await request(open).get('/api/v1/companies').set('Host', 'evil.localhost.example').expect(403);
    await request(open).get('/api/v1/companies').set('Host', 'localhost:3000').expect(200);
    await request(open).get('/api/v1/companies').set('Host', '[::1]:3000').expect(200);
    await request(open).get('/api/v1/companies').set('Host', 'CS.example.com').expect(200);
    await request(open).get('/healthz').set('Host', 'attacker.example').expect(200);
    // With keys the credential is the guard (a browser never attaches it on its own): any Host reaches the key check.
    const keyed = createApp({ db: handle.db, logger: capturingLogger().logger, portalId, apiAuth: 'keys' });
    await request(keyed).get('/api/v1/companies').set('Host', 'attacker.example').expect(401);
  });

  it('logs an unhandled error without the key, the e-mail address or the query string', async () => {
    const logs = capturingLogger();
    const app = createApp({
      apiAuth: 'open',
      db: handle.db,
      logger: logs.logger,
      portalId,
      rateLimits: { windowSeconds: 60, perIp: 0, perIngestionKey: 0 },
      modules: [
        (express) => {
          express.get('/explode', () => {
            throw Object.assign(new Error('Failed query: insert into owners values ($1)\nparams: owner@example.com'), {
              params: ['owner@example.com'],
            });
          });
        },
      ],
    });
    await request(app)
      .get('/explode?userEmail=owner%40example.com')
      .set('Authorization', `Bearer ${key}`)
      .set('Cookie', 'session=secret-cookie')
      .expect(500);
    const text = logs.lines().join('\n');
    expect(text).toContain('unhandled error');
    expect(text).not.toContain('owner@example.com');
    expect(text).not.toContain('owner%40example.com');
    expect(text).not.toContain(key);
    expect(text).not.toContain('secret-cookie');
  });
});
