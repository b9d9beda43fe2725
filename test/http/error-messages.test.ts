import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createLogger } from '../../src/config/logger';
import type { DatabaseHandle } from '../../src/db/client';
import { upsertCompanies } from '../../src/db/repositories/companies-repository';
import { createApp } from '../../src/http/app';
import { ServiceError } from '../../src/services/service-error';
import { customerSuccessModule } from '../../src/http/routes/customer-success-routes';
import { kpiModule } from '../../src/http/routes/kpi-routes';
import { databaseTargets } from '../support/databases';
import { company, setUpIngestion, type Harness } from '../ingestion/ingestion-harness';

type ErrorBody = {
  error: {
    code: string;
    message: string;
    details: { fields: { field: string; message: string; expected?: string; received?: string }[] } | null;
  };
};

describe.each(databaseTargets)('errors name the field, what was expected and what was sent, on $name', (target) => {
  let handle: DatabaseHandle;
  let harness: Harness;
  let app: ReturnType<typeof createApp>;
  beforeAll(async () => {
    handle = await target.open();
    harness = await setUpIngestion(handle);
    await upsertCompanies(handle.db, [company('c5', null, 'five.example')]);
    app = createApp({
      apiAuth: 'open',
      db: handle.db,
      logger: createLogger('silent'),
      portalId: 101,
      modules: [customerSuccessModule(), kpiModule()],
    });
  });
  afterAll(async () => handle.close());

  it('a usage batch sent as text/plain gets 415 naming the expected and the sent content type', async () => {
    const response = await request(harness.app)
      .post('/api/v1/usage/batch')
      .set('Authorization', `Bearer ${harness.key}`)
      .set('Content-Type', 'text/plain')
      .send('{"events":[]}');
    expect(response.status).toBe(415);
    const body = response.body as ErrorBody;
    expect(body.error.code).toBe('unsupported_media_type');
    expect(body.error.message).toBe('Expected Content-Type application/json, got text/plain');
    expect(body.error.details?.fields[0]).toMatchObject({
      field: 'content-type',
      expected: 'application/json',
      received: 'text/plain',
    });
  });

  it('a POST with no body says the body is missing', async () => {
    const response = await request(harness.app)
      .post('/api/v1/usage/batch')
      .set('Authorization', `Bearer ${harness.key}`);
    expect(response.status).toBe(400);
    expect((response.body as ErrorBody).error.message).toBe('Invalid body: body: expected an object, got nothing');
  });

  it('a stage typo names `stage`, lists the allowed values and echoes what was sent', async () => {
    const response = await request(app).post('/api/v1/companies/c5/stage').send({ stage: 'onbaording' });
    expect(response.status).toBe(400);
    const body = response.body as ErrorBody;
    expect(body.error.message).toBe(
      'Invalid body: stage: expected one of "introduction", "operation", "adoption", "established" or null, got "onbaording"',
    );
    expect(body.error.details?.fields).toEqual([
      {
        field: 'stage',
        message: 'expected one of "introduction", "operation", "adoption", "established" or null, got "onbaording"',
        expected: 'one of "introduction", "operation", "adoption", "established" or null',
        received: '"onbaording"',
      },
    ]);
  });

  it('a missing field says what it expected and that nothing was sent; a long value is shortened', async () => {
    const missing = await request(app).post('/api/v1/companies/c5/suggestions/seat_expansion:core/dismiss').send({});
    expect((missing.body as ErrorBody).error.message).toBe('Invalid body: reason: expected a string, got nothing');
    const long = await request(app)
      .post('/api/v1/companies/c5/stage')
      .send({ stage: 'x'.repeat(500) });
    const received = (long.body as ErrorBody).error.details?.fields[0]?.received ?? '';
    expect(received).toMatch(/^"x{59}…" \(502 characters\)$/);
  });

  it('a field the body may not carry is named: who acted comes from the credential', async () => {
    const response = await request(app)
      .post('/api/v1/companies/c5/stage')
      .send({ stage: 'adoption', actor: 'ceo@example.com' });
    expect(response.status).toBe(400);
    expect((response.body as ErrorBody).error.message).toContain('actor');
  });

  it('a query parameter out of range names it, the limit and the value', async () => {
    const response = await request(app).get('/api/v1/kpis').query({ from: '2026-01', to: '2026-13' });
    expect(response.status).toBe(400);
    const body = response.body as ErrorBody;
    expect(body.error.message).toMatch(/^Invalid query: to: .*, got "2026-13"$/);
    expect(body.error.details?.fields[0]).toMatchObject({ field: 'to', received: '"2026-13"' });
  });
});

describe('ServiceError.fromZod', () => {
  it('a union whose branches fail on different fields reports the closest branch', () => {
    const schema = z.union([
      z.object({ kind: z.literal('a'), count: z.number() }),
      z.object({ kind: z.literal('b'), name: z.string(), size: z.number() }),
    ]);
    const parsed = schema.safeParse({ kind: 'a', count: 'three' }, { reportInput: true });
    expect(parsed.success).toBe(false);
    const error = ServiceError.fromZod(parsed.error ?? new z.ZodError([]), 'body');
    expect(error.message).toBe('Invalid body: count: expected a number, got "three"');
  });
});
