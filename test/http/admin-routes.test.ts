import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/config/logger';
import type { DatabaseHandle } from '../../src/db/client';
import { upsertPortal } from '../../src/db/repositories/portals-repository';
import { createApp } from '../../src/http/app';
import { adminModule } from '../../src/http/routes/admin-routes';
import { authenticateKey } from '../../src/services/ingestion/api-keys';
import { databaseTargets } from '../support/databases';

const token = 'a'.repeat(43);

describe.each(databaseTargets)(
  'the admin API that `npm run keys` uses while the service holds DATA_DIR, on $name',
  (target) => {
    let handle: DatabaseHandle;
    let app: ReturnType<typeof createApp>;
    beforeAll(async () => {
      handle = await target.open();
      await upsertPortal(handle.db, { id: 77, timeZone: 'UTC', currency: 'EUR' });
      app = createApp({
        apiAuth: 'open',
        db: handle.db,
        logger: createLogger('silent'),
        modules: [adminModule(token)],
      });
    });
    afterAll(async () => handle.close());
    const bearer = `Bearer ${token}`;

    it('needs the per-run token, and a direct loopback caller', async () => {
      expect((await request(app).get('/admin/v1/keys')).status).toBe(401);
      expect(
        (
          await request(app)
            .get('/admin/v1/keys')
            .set('Authorization', `Bearer ${'b'.repeat(43)}`)
        ).status,
      ).toBe(401);
      // Through a proxy on this host the caller may be anyone.
      expect(
        (await request(app).get('/admin/v1/keys').set('Authorization', bearer).set('X-Forwarded-For', '203.0.113.9'))
          .status,
      ).toBe(403);
    });

    it('creates a key the same service accepts at once, lists it and revokes it', async () => {
      const created = await request(app)
        .post('/admin/v1/keys')
        .set('Authorization', bearer)
        .send({ portalId: 77, scope: 'api', name: 'reporting' });
      expect(created.status).toBe(201);
      const body = created.body as { key: { id: string; key: string; scope: string }; portalSynced: boolean };
      expect(body).toMatchObject({ portalSynced: true, key: { scope: 'api' } });
      expect(await authenticateKey(handle.db, body.key.key, 'api')).toEqual({
        portalId: 77,
        keyId: body.key.id,
        keyName: 'reporting',
      });
      const listed = await request(app).get('/admin/v1/keys?portalId=77').set('Authorization', bearer);
      expect((listed.body as { results: { id: string }[] }).results.map((key) => key.id)).toContain(body.key.id);
      expect(
        (await request(app).post(`/admin/v1/keys/${body.key.id}/revoke`).set('Authorization', bearer).send({})).status,
      ).toBe(200);
      expect(await authenticateKey(handle.db, body.key.key, 'api')).toBeUndefined();
      expect(
        (await request(app).post(`/admin/v1/keys/${body.key.id}/revoke`).set('Authorization', bearer).send({})).status,
      ).toBe(404);
    });

    it('names a bad scope with the allowed values', async () => {
      const response = await request(app)
        .post('/admin/v1/keys')
        .set('Authorization', bearer)
        .send({ portalId: 77, scope: 'admin' });
      expect(response.status).toBe(400);
      expect((response.body as { error: { message: string } }).error.message).toBe(
        'Invalid body: scope: expected one of "ingest", "api", got "admin"',
      );
    });
  },
);
