import { sql } from 'drizzle-orm';
import request from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/client';
import { rowsOf } from '../support/sql-rows';
import { databaseTargets } from '../support/databases';
import { makeCustomer, portalId, setUpIngestion, type Harness } from './ingestion-harness';

async function rows<Row>(handle: DatabaseHandle, query: ReturnType<typeof sql>): Promise<Row[]> {
  return rowsOf<Row>(await handle.db.execute(query));
}

// The shape analytics-node / analytics.js send to /v1/batch.
const segmentBatch = {
  batch: [
    {
      type: 'track',
      userId: 'sdk-user',
      event: 'Dashboard Viewed',
      properties: { plan: 'pro' },
      timestamp: '2026-03-02T10:00:00.000Z',
      messageId: 'ajs-1',
      context: { library: { name: 'analytics-node', version: '2.1.0' } },
    },
    {
      type: 'group',
      userId: 'sdk-user',
      groupId: 'acct-1',
      traits: { name: 'One' },
      messageId: 'ajs-2',
      timestamp: '2026-03-02T10:00:01.000Z',
    },
    {
      type: 'track',
      anonymousId: 'anon-1',
      event: 'Export Clicked',
      originalTimestamp: '2026-03-02T10:05:00.000Z',
      messageId: 'ajs-3',
      context: { groupId: 'two.example' },
    },
    { type: 'page', userId: 'sdk-user', name: 'Home', messageId: 'ajs-4' },
  ],
  sentAt: '2026-03-02T10:06:00.000Z',
  context: { library: { name: 'analytics-node' } },
};

describe.each(databaseTargets)('Segment and CSV ingestion on $name', (target) => {
  let handle: DatabaseHandle;
  let harness: Harness;
  beforeAll(async () => {
    handle = await target.open();
  });
  afterAll(async () => handle.close());
  beforeEach(async () => {
    harness = await setUpIngestion(handle);
  });
  const basic = () => `Basic ${Buffer.from(`${harness.key}:`).toString('base64')}`;

  it('accepts a Segment SDK batch with the key as write key; group calls link users to accounts', async () => {
    // A key matches by domain only customers (account-matching.test.ts).
    await makeCustomer(handle.db, 'c2');
    expect((await request(harness.app).post('/v1/batch').send(segmentBatch)).status).toBe(401);
    const response = await request(harness.app).post('/v1/batch').set('Authorization', basic()).send(segmentBatch);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ success: true, stored: 2, rejectedCount: 0, rejected: [] });
    const stored = await rows<{ message_id: string; company_id: string; user_id: string; event: string }>(
      handle,
      sql`select message_id, company_id, user_id, event from usage_events where portal_id = ${portalId} order by message_id`,
    );
    expect(stored).toEqual([
      { message_id: 'ajs-1', company_id: 'c1', user_id: 'sdk-user', event: 'Dashboard Viewed' },
      { message_id: 'ajs-3', company_id: 'c2', user_id: 'anon-1', event: 'Export Clicked' },
    ]);
    const again = await request(harness.app).post('/v1/batch').set('Authorization', basic()).send(segmentBatch);
    expect(again.status).toBe(200);
    expect(await rows(handle, sql`select 1 from usage_events`)).toHaveLength(2);
  });

  it('keeps a track of an ungrouped user aside until a group call links it', async () => {
    const track = { userId: 'late-user', event: 'Login', timestamp: '2026-03-02T08:00:00Z', messageId: 't-1' };
    expect((await request(harness.app).post('/v1/track').set('Authorization', basic()).send(track)).status).toBe(200);
    expect(await rows(handle, sql`select 1 from usage_pending_events`)).toHaveLength(1);
    const group = await request(harness.app)
      .post('/v1/group')
      .set('Authorization', basic())
      .send({ userId: 'late-user', groupId: 'acct-1' });
    expect(group.status).toBe(200);
    expect(await rows(handle, sql`select company_id from usage_events where message_id = 't-1'`)).toEqual([
      { company_id: 'c1' },
    ]);
    expect(await rows(handle, sql`select 1 from usage_pending_events`)).toHaveLength(0);
    const bad = await request(harness.app).post('/v1/track').set('Authorization', basic()).send({ event: 'No user' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.fields[0].field).toBe('userId');
  });

  it('streams a CSV, reports bad rows with line numbers, and stores rows once', async () => {
    const csv = [
      'user,feature,time,company_id,seconds,plan',
      'u1,report.viewed,2026-03-02T10:00:00Z,c1,30,pro',
      'u2,export,not-a-time,c1,,pro',
      'u3,export,2026-03-02T11:00:00Z,,,pro',
      'u4,"quoted, name",2026-03-02T12:00:00Z,c1,5',
      'u5,search,2026-03-02T12:30:00Z,c1,,basic',
    ].join('\n');
    const send = () =>
      request(harness.app)
        .post('/api/v1/usage/csv?map=feature=event,seconds=durationSeconds')
        .set('Authorization', `Bearer ${harness.key}`)
        .set('Content-Type', 'text/csv')
        .send(csv);
    const first = await send();
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ rows: 5, stored: 2, rejected: 3 });
    expect(first.body.rejectedRows).toEqual([
      { line: 5, reasons: ['expected 6 columns, found 5'] },
      { line: 3, reasons: ['timestamp: not an instant'] },
      { line: 4, reasons: ['companyId: companyId or accountId is required'] },
    ]);
    const second = await send();
    expect(second.body).toMatchObject({ stored: 0, duplicates: 2 });
    expect(
      await rows(
        handle,
        sql`select properties ->> 'plan' as plan, duration_seconds from usage_events order by user_id`,
      ),
    ).toEqual([
      { plan: 'pro', duration_seconds: 30 },
      { plan: 'basic', duration_seconds: null },
    ]);
  });

  it('caps a CSV upload: a runaway record is a rejected row, too many bytes or rows a 413, memory stays bounded', async () => {
    const capped = await setUpIngestion(handle, {
      csvMaxBytes: 4_096,
      csvMaxRows: 3,
      csvMaxRecordCharacters: 256,
      csvChunkRows: 2,
    });
    const post = (body: string) =>
      request(capped.app)
        .post('/api/v1/usage/csv')
        .set('Authorization', `Bearer ${capped.key}`)
        .set('Content-Type', 'text/csv')
        .send(body);
    const header = 'userId,event,timestamp,companyId,messageId';
    const row = (n: number) => `u${n},report.viewed,2026-03-02T10:0${n}:00Z,c1,csv-cap-${n}`;

    // One unclosed quote swallows the rest of the file: that record is rejected, never buffered whole.
    const unclosed = await post([header, row(1), `u2,"${'x'.repeat(1_000)}`].join('\n'));
    expect(unclosed.status).toBe(200);
    expect(unclosed.body).toMatchObject({ rows: 1, stored: 1, rejected: 1 });
    expect(unclosed.body.rejectedRows[0].reasons[0]).toMatch(/max_record_size|record size|exceeded/i);

    const tooManyRows = await post([header, row(1), row(2), row(3), row(4), row(5)].join('\n'));
    expect(tooManyRows.status).toBe(413);
    expect(tooManyRows.body.error).toMatchObject({ code: 'payload_too_large', details: { limit: 'rows', maximum: 3 } });
    expect(tooManyRows.body.error.details.readBeforeStop).toMatchObject({ rows: 3 });

    const tooManyBytes = await post([header, ...Array.from({ length: 200 }, (_, n) => row(n % 10))].join('\n'));
    expect(tooManyBytes.status).toBe(413);
    expect(tooManyBytes.body.error).toMatchObject({
      code: 'payload_too_large',
      details: { limit: 'bytes', maximum: 4_096 },
    });
    // Only the first file's row and the rows file's first three were stored, each once.
    expect(
      await rows(handle, sql`select message_id from usage_events where message_id like 'csv-cap-%' order by 1`),
    ).toEqual(['csv-cap-1', 'csv-cap-2', 'csv-cap-3'].map((message_id) => ({ message_id })));

    // Sent in chunks without a Content-Length, the stream itself is cut at the cap.
    const byBytes = await setUpIngestion(handle, { csvMaxBytes: 4_096, csvChunkRows: 2 });
    const chunked = request(byBytes.app)
      .post('/api/v1/usage/csv')
      .set('Authorization', `Bearer ${byBytes.key}`)
      .set('Content-Type', 'text/csv');
    for (let part = 0; part < 10; part += 1)
      chunked.write(
        `${part === 0 ? `${header}\n` : ''}${'u9,report.viewed,2026-03-02T10:09:00Z,c9,chunk\n'.repeat(20)}`,
      );
    const streamed = await chunked;
    expect(streamed.status).toBe(413);
    expect(streamed.body.error.details).toMatchObject({ limit: 'bytes', maximum: 4_096 });
  });

  it('stores NPS and CSAT answers once and names bad ones', async () => {
    const responses = [
      { id: 'r1', companyId: 'c1', kind: 'nps', score: 9, submittedAt: '2026-03-02T10:00:00Z' },
      { id: 'r2', accountId: 'acct-1', kind: 'csat', score: 4, submittedAt: '2026-03-02T10:00:00Z' },
    ];
    const post = (body: unknown) =>
      request(harness.app)
        .post('/api/v1/surveys')
        .set('Authorization', `Bearer ${harness.key}`)
        .send(body as object);
    expect((await post({ responses })).body).toMatchObject({
      stored: 2,
      duplicates: 0,
      accepted: [0, 1],
      rejected: [],
    });
    expect((await post({ responses })).body).toMatchObject({ stored: 0, duplicates: 2 });
    const bad = await post({ responses: [{ ...responses[0], id: 'r3', kind: 'csat', score: 9 }] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.fields[0].field).toBe('responses[0].score');
  });
});
