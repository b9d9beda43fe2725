import { readFile } from 'node:fs/promises';
import { Validator } from '@seriousme/openapi-schema-validator';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/config/logger';
import type { DatabaseHandle } from '../../src/db/client';
import { createApp } from '../../src/http/app';
import { buildOpenApiDocument, renderOpenApiDocument } from '../../src/http/openapi/openapi-document';
import { databaseTargets } from '../support/databases';
import { ifStarted } from '../support/if-started';

const checkedIn = new URL('../../docs/openapi.json', import.meta.url);

describe('the OpenAPI document of the service API', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    const result = await new Validator().validate(buildOpenApiDocument());
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('is checked in as generated: docs/openapi.json is not stale (npm run openapi)', async () => {
    expect(await readFile(checkedIn, 'utf8')).toBe(renderOpenApiDocument());
  });

  it('names each field of a body with its constraints, as the route validates it', () => {
    const document = JSON.stringify(buildOpenApiDocument());
    // The usage batch: at most 1,000 events, each with a messageId; the KPI query's period kinds.
    expect(document).toContain('"maxItems":1000');
    expect(document).toContain('"trailing-twelve-months"');
  });
});

describe.each(databaseTargets.slice(0, 1))('GET /api/v1/openapi.json ($name)', (target) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await target.open();
  });
  afterAll(async () => ifStarted(handle)?.close());

  it('serves the document without a credential, also when the API needs keys', async () => {
    const app = createApp({ db: handle.db, logger: createLogger('silent'), apiAuth: 'keys' });
    const response = await request(app).get('/api/v1/openapi.json').expect(200);
    expect(response.body).toEqual(buildOpenApiDocument());
    await request(app).get('/api/v1/companies').expect(401);
  });
});
