import { sql } from 'drizzle-orm';
import request from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/client';
import { rowsOf } from '../support/sql-rows';
import { insertSurveyResponses } from '../../src/db/repositories/usage-events-repository';
import { databaseTargets } from '../support/databases';
import { event, portalId, setUpIngestion, type Harness } from './ingestion-harness';

// Issue 19's findings, each sent as an attacker with only an ingest key or as a buggy client would.
async function count(handle: DatabaseHandle, query: ReturnType<typeof sql>): Promise<number> {
  const [row] = rowsOf<{ n: number | string }>(await handle.db.execute(query));
  return Number(row?.n ?? 0);
}

function nested(depth: number): string {
  return `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

const now = () => new Date(Date.now() - 60_000).toISOString();
const track = (messageId: string, fields: Record<string, unknown> = {}) => ({
  type: 'track',
  userId: 'seg-user',
  event: 'Report Viewed',
  timestamp: now(),
  messageId,
  context: { groupId: 'acct-1' },
  ...fields,
});

describe.each(databaseTargets)('hostile and buggy input to ingestion on $name', (target) => {
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
  const segmentBatch = (text: string) =>
    request(harness.app)
      .post('/v1/batch')
      .set('Authorization', basic())
      .set('Content-Type', 'application/json')
      .send(text);
  const usageBatch = (text: string, query = '') =>
    request(harness.app)
      .post(`/api/v1/usage/batch${query}`)
      .set('Authorization', `Bearer ${harness.key}`)
      .set('Content-Type', 'application/json')
      .send(text);
  const stored = (messageId: string) =>
    count(handle, sql`select count(*)::int as n from usage_events where message_id = ${messageId}`);

  const deepTrack = `{"type":"track","userId":"seg-user","event":"Deep","messageId":"deep","properties":${nested(20_000)}}`;
  it.each([
    [
      'durationSeconds 1e12 (integer out of range)',
      JSON.stringify(track('bad', { properties: { durationSeconds: 1e12 } })),
      'properties.durationSeconds',
      'Too big',
    ],
    [
      'an 8 KB sessionId (btree row too large)',
      JSON.stringify(track('bad', { properties: { sessionId: 's'.repeat(8 * 1024) } })),
      'properties.sessionId',
      'Too big',
    ],
    ['properties nested 20,000 deep', deepTrack, 'properties', 'deeper than 8 levels'],
    [
      'timestamp 9999-01-01T00:00:00Z',
      JSON.stringify(track('bad', { timestamp: '9999-01-01T00:00:00Z' })),
      'timestamp',
      'in the future',
    ],
    ['timestamp 9999-01-01', JSON.stringify(track('bad', { timestamp: '9999-01-01' })), 'timestamp', 'not an instant'],
  ])(
    'a Segment batch with %s answers 200, lists that call and stores the good one',
    async (_finding, badCall, field, message) => {
      const response = await segmentBatch(
        `{"batch":[${JSON.stringify(track('good-1'))},${badCall},${JSON.stringify(track('good-2', { properties: { durationSeconds: '30', sessionId: 'abc' } }))}]}`,
      );
      expect(response.status, response.text.slice(0, 300)).toBe(200);
      expect(response.body).toMatchObject({
        success: true,
        stored: 2,
        rejectedCount: 1,
        rejected: [{ index: 1, field: `batch[1].${field}` }],
      });
      expect(response.body.rejected[0].message).toContain(message);
      expect(await stored('good-1')).toBe(1);
      expect(await stored('good-2')).toBe(1);
      expect(await count(handle, sql`select count(*)::int as n from usage_events`)).toBe(2);
    },
  );

  it('REST: year 0001, 20,000-deep properties and an 8 KB session id are 400s naming the item and field; with partial the good ones are stored', async () => {
    const events = [
      event('ok-1', { timestamp: now() }),
      event('year-1', { timestamp: '0001-01-01T00:00:00Z' }),
      event('long-session', { timestamp: now(), sessionId: 'x'.repeat(8 * 1024) }),
      '__DEEP__',
    ];
    const text = JSON.stringify({ events }).replace(
      '"__DEEP__"',
      JSON.stringify(event('deep', { timestamp: now() })).replace('}', `,"properties":${nested(20_000)}}`),
    );
    const whole = await usageBatch(text);
    expect(whole.status, whole.text.slice(0, 300)).toBe(400);
    expect((whole.body.error.details.fields as { field: string }[]).map((problem) => problem.field)).toEqual([
      'events[1].timestamp',
      'events[2].sessionId',
      'events[3].properties',
    ]);
    expect(await count(handle, sql`select count(*)::int as n from usage_events`)).toBe(0);
    const partial = await usageBatch(text, '?partial=true');
    expect(partial.status).toBe(207);
    expect(partial.body).toMatchObject({ stored: 1, accepted: [0] });
    expect(await stored('ok-1')).toBe(1);
  });

  it('a CSV row out of bounds (year 0001, 1e12 seconds, 17 KB of properties) is a rejected row; the others are stored', async () => {
    const csv = [
      'userId,event,timestamp,companyId,messageId,durationSeconds,note',
      `u1,report.viewed,${now()},c1,csv-good,30,short`,
      'u2,report.viewed,0001-01-01T00:00:00Z,c1,csv-year-1,,',
      `u3,report.viewed,${now()},c1,csv-long,1e12,`,
      `u4,report.viewed,${now()},c1,csv-wide,,${'n'.repeat(17 * 1024)}`,
    ].join('\n');
    const response = await request(harness.app)
      .post('/api/v1/usage/csv')
      .set('Authorization', `Bearer ${harness.key}`)
      .set('Content-Type', 'text/csv')
      .send(csv);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ rows: 4, stored: 1, rejected: 3 });
    expect(
      response.body.rejectedRows.map((row: { line: number; reasons: string[] }) => [
        row.line,
        row.reasons[0]?.split(':')[0],
      ]),
    ).toEqual([
      [3, 'timestamp'],
      [4, 'durationSeconds'],
      [5, 'properties'],
    ]);
    expect(await stored('csv-good')).toBe(1);
  });

  it('a failed store commits none of the batch: the user-to-account links of its group calls are rolled back with its events', async () => {
    await handle.db.execute(sql`create or replace function fail_on_boom() returns trigger language plpgsql as $$ begin
      if new.message_id = 'boom' then raise exception 'the disk is full'; end if; return new; end $$`);
    await handle.db.execute(
      sql`create trigger fail_on_boom before insert on usage_events for each row execute function fail_on_boom()`,
    );
    try {
      const batch = {
        batch: [
          { type: 'group', userId: 'linked-user', groupId: 'acct-1', messageId: 'g-1' },
          { type: 'track', userId: 'linked-user', event: 'Login', timestamp: now(), messageId: 'boom' },
        ],
      };
      const response = await segmentBatch(JSON.stringify(batch));
      // A failure of the database is the one 5xx: Segment retries it, and nothing of the first try remains.
      expect(response.status).toBe(500);
      expect(
        await count(handle, sql`select count(*)::int as n from usage_user_accounts where user_id = 'linked-user'`),
      ).toBe(0);
      expect(await count(handle, sql`select count(*)::int as n from usage_events`)).toBe(0);
    } finally {
      await handle.db.execute(sql`drop trigger if exists fail_on_boom on usage_events`);
      await handle.db.execute(sql`drop function if exists fail_on_boom()`);
    }
  });

  it('an ingest key cannot attach usage to a company that does not exist or is not a customer: it waits as unmatched', async () => {
    const response = await usageBatch(
      JSON.stringify({
        events: [
          event('ghost', { companyId: '99999999999', timestamp: now() }),
          event('prospect', { companyId: 'c2', timestamp: now() }),
          event('customer', { timestamp: now() }),
        ],
      }),
    );
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ stored: 1, unmatched: 2 });
    expect(
      await count(handle, sql`select count(*)::int as n from usage_events where company_id in ('99999999999', 'c2')`),
    ).toBe(0);
    expect(
      await count(
        handle,
        sql`select count(*)::int as n from usage_daily_active_users where company_id in ('99999999999', 'c2')`,
      ),
    ).toBe(0);
    const waiting = rowsOf<{ account_id: string }>(
      await handle.db.execute(sql`select account_id from usage_pending_events order by account_id`),
    );
    expect(waiting.map((row) => row.account_id)).toEqual(['99999999999', 'c2']);
    // A Segment group call naming a company id that is no customer's links nothing to it either.
    await request(harness.app)
      .post('/v1/group')
      .set('Authorization', basic())
      .send({ userId: 'seg-ghost', groupId: '99999999999' })
      .expect(200);
    await request(harness.app)
      .post('/v1/track')
      .set('Authorization', basic())
      .send({ userId: 'seg-ghost', event: 'Login', timestamp: now(), messageId: 'seg-ghost-1' })
      .expect(200);
    expect(await stored('seg-ghost-1')).toBe(0);
  });

  it("an ingest key's survey answer for an unknown or prospect company is rejected; ids live apart from HubSpot's", async () => {
    const answer = (id: string, companyId: string) => ({ id, companyId, kind: 'nps', score: 0, submittedAt: now() });
    const post = (body: unknown, query = '') =>
      request(harness.app)
        .post(`/api/v1/surveys${query}`)
        .set('Authorization', `Bearer ${harness.key}`)
        .send(body as object);
    const ghost = await post({ responses: [answer('s-1', '99999999999'), answer('s-2', 'c2')] });
    expect(ghost.status).toBe(400);
    expect(ghost.body.error.details.fields.map((problem: { field: string }) => problem.field)).toEqual([
      'responses[0].companyId',
      'responses[1].companyId',
    ]);
    const partial = await post(
      { responses: [answer('s-1', '99999999999'), answer('hubspot:555', 'c1')] },
      '?partial=true',
    );
    expect(partial.status).toBe(207);
    expect(partial.body).toMatchObject({
      stored: 1,
      accepted: [1],
      rejected: [{ index: 0, field: 'responses[0].companyId' }],
    });
    const ids = rowsOf<{ id: string }>(
      await handle.db.execute(sql`select id from survey_responses where portal_id = ${portalId}`),
    );
    expect(ids).toEqual([{ id: 'api:hubspot:555' }]);
    // HubSpot's own answer 555, synced later, is still stored.
    const fromHubSpot = {
      portalId,
      id: 'hubspot:555',
      companyId: 'c1',
      kind: 'nps' as const,
      score: 10,
      submittedAt: new Date(),
      source: 'hubspot',
    };
    expect(await insertSurveyResponses(handle.db, [fromHubSpot])).toBe(1);
  });

  it('an ingest key reads nothing: GET /api/v1/usage/unmatched is 403 with it, 200 with an api key', async () => {
    const withIngestKey = await request(harness.app)
      .get('/api/v1/usage/unmatched')
      .set('Authorization', `Bearer ${harness.key}`);
    expect(withIngestKey.status).toBe(403);
    expect(withIngestKey.body.error).toMatchObject({
      code: 'forbidden',
      details: { fields: [{ field: 'Authorization' }] },
    });
    const withApiKey = await request(harness.app)
      .get('/api/v1/usage/unmatched')
      .set('Authorization', `Bearer ${harness.apiKey}`);
    expect(withApiKey.status).toBe(200);
  });
});
