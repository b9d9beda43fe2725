import { sql } from 'drizzle-orm';
import request from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/client';
import { upsertCompanies } from '../../src/db/repositories/companies-repository';
import { rowsOf } from '../support/sql-rows';
import { revokeKey, listKeys } from '../../src/services/ingestion/api-keys';
import { attachPendingEvents } from '../../src/services/ingestion/pending-events';
import { databaseTargets } from '../support/databases';
import { company, event, makeCustomer, portalId, setUpIngestion, type Harness } from './ingestion-harness';

async function count(handle: DatabaseHandle, query: ReturnType<typeof sql>): Promise<number> {
  const [row] = rowsOf<{ n: number | string }>(await handle.db.execute(query));
  return Number(row?.n ?? 0);
}

describe.each(databaseTargets)('usage batch ingestion on $name', (target) => {
  let handle: DatabaseHandle;
  let harness: Harness;
  beforeAll(async () => {
    handle = await target.open();
  });
  afterAll(async () => handle.close());
  beforeEach(async () => {
    harness = await setUpIngestion(handle);
  });

  const post = (body: unknown, key = harness.key, path = '/api/v1/usage/batch') =>
    request(harness.app)
      .post(path)
      .set('Authorization', `Bearer ${key}`)
      .send(body as object);

  it('stores a message id once, however often it is sent, and counts aggregates once', async () => {
    const events = [event('m1'), event('m2', { userId: 'u2', event: 'export' }), event('m1')];
    const first = await post({ events });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ stored: 2, duplicates: 1, unmatched: 0 });
    const again = await post({ events });
    expect(again.body).toMatchObject({ stored: 0, duplicates: 3 });
    expect(await count(handle, sql`select count(*)::int as n from usage_events where portal_id = ${portalId}`)).toBe(2);
    // 10:00Z is 19:00 in Tokyo, the portal's zone: still 2 March.
    expect(
      await count(
        handle,
        sql`select sum(event_count)::int as n from usage_daily_active_users where portal_id = ${portalId} and day = '2026-03-02'`,
      ),
    ).toBe(2);
    expect(
      await count(
        handle,
        sql`select sum(event_count)::int as n from usage_daily_features where portal_id = ${portalId} and feature = 'export'`,
      ),
    ).toBe(1);
  });

  it('rejects a bad batch whole, naming each bad event by index and field, unless partial', async () => {
    const events = [
      event('m1'),
      event('m2', { timestamp: 'yesterday' }),
      event('m3', { companyId: undefined }),
      event('m4', { userId: '' }),
    ];
    const rejected = await post({ events });
    expect(rejected.status).toBe(400);
    const fields = (rejected.body.error.details.fields as { field: string }[]).map((problem) => problem.field);
    expect(fields).toEqual(['events[1].timestamp', 'events[2].companyId', 'events[3].userId']);
    expect(await count(handle, sql`select count(*)::int as n from usage_events`)).toBe(0);

    const partial = await post({ events }, harness.key, '/api/v1/usage/batch?partial=true');
    expect(partial.status).toBe(207);
    expect(partial.body.accepted).toEqual([0]);
    expect(partial.body.rejected.map((problem: { index: number }) => problem.index)).toEqual([1, 2, 3]);
    expect(await count(handle, sql`select count(*)::int as n from usage_events`)).toBe(1);
  });

  it('maps account ids by property then domain, keeps unknown accounts aside and attaches them when the company appears', async () => {
    // A key matches by domain only customers (account-matching.test.ts).
    await makeCustomer(handle.db, 'c2');
    const events = [
      event('a1', { companyId: undefined, accountId: 'acct-1' }),
      event('a2', { companyId: undefined, accountId: 'www.two.example' }),
      event('a3', { companyId: undefined, accountId: 'acct-new', userId: 'u7' }),
    ];
    const response = await post({ events });
    expect(response.body).toMatchObject({ stored: 2, unmatched: 1 });
    const unmatched = await request(harness.app)
      .get('/api/v1/usage/unmatched')
      .set('Authorization', `Bearer ${harness.apiKey}`);
    expect(unmatched.body.results).toMatchObject([{ accountId: 'acct-new', events: 1, userIds: 1 }]);

    expect(await attachPendingEvents(handle.db, portalId)).toBe(0);
    await upsertCompanies(handle.db, [company('c3', 'acct-new', null)]);
    expect(await attachPendingEvents(handle.db, portalId)).toBe(1);
    expect(
      await count(handle, sql`select count(*)::int as n from usage_events where company_id = 'c3' and user_id = 'u7'`),
    ).toBe(1);
    expect(
      await count(handle, sql`select count(*)::int as n from usage_daily_active_users where company_id = 'c3'`),
    ).toBe(1);
    expect(await count(handle, sql`select count(*)::int as n from usage_pending_events`)).toBe(0);
    const after = await request(harness.app)
      .get('/api/v1/usage/unmatched')
      .set('Authorization', `Bearer ${harness.apiKey}`);
    expect(after.body.results).toEqual([]);
  });

  it('needs a valid key, and a key writes only to its own portal', async () => {
    expect(
      (
        await request(harness.app)
          .post('/api/v1/usage/batch')
          .send({ events: [event('x')] })
      ).status,
    ).toBe(401);
    expect((await post({ events: [event('x')] }, 'csk_not-a-key')).status).toBe(401);
    const other = await post(
      { events: [event('o1', { companyId: undefined, accountId: 'acct-1' })] },
      harness.otherKey,
    );
    // acct-1 is a company of the first portal only: for the other portal it is an unknown account.
    expect(other.body).toMatchObject({ stored: 0, unmatched: 1 });
    expect(await count(handle, sql`select count(*)::int as n from usage_pending_events where portal_id = 202`)).toBe(1);
    expect(await count(handle, sql`select count(*)::int as n from usage_events where portal_id = ${portalId}`)).toBe(0);
    const [otherKey] = await listKeys(handle.db, 202);
    await revokeKey(handle.db, otherKey?.id ?? '');
    expect((await post({ events: [event('o2')] }, harness.otherKey)).status).toBe(401);
  });

  it('sessionises per domain §3 and re-merges sessions when a late event fills a gap', async () => {
    const at = (minutes: number) => new Date(Date.UTC(2026, 2, 2, 9, 0) + minutes * 60_000).toISOString();
    await post({
      events: [
        event('s1', { timestamp: at(0) }),
        event('s2', { timestamp: at(10), durationSeconds: 60 }),
        event('s3', { timestamp: at(50) }),
      ],
    });
    const sessions = async () =>
      rowsOf<{ length_milliseconds: string | number; event_count: number }>(
        await handle.db.execute(
          sql`select length_milliseconds, event_count from usage_sessions where user_id = 'u1' order by started_at`,
        ),
      ).map((row) => [Number(row.length_milliseconds) / 60_000, row.event_count]);
    expect(await sessions()).toEqual([
      [11, 2],
      [0, 1],
    ]);
    await post({ events: [event('s4', { timestamp: at(30) })] });
    expect(await sessions()).toEqual([[50, 4]]);
    await post({
      events: [
        event('k1', { timestamp: at(200), sessionId: 'abc' }),
        event('k2', { timestamp: at(100), sessionId: 'abc', durationSeconds: 120 }),
      ],
    });
    expect(await sessions()).toEqual([
      [50, 4],
      [100, 2],
    ]);
  });

  it('merges a late event into sessions stored by earlier batches, even after their raw events are purged', async () => {
    const at = (minutes: number) => new Date(Date.UTC(2026, 2, 2, 9, 0) + minutes * 60_000).toISOString();
    const sessions = async () =>
      rowsOf<{ length_milliseconds: string | number; event_count: number }>(
        await handle.db.execute(
          sql`select length_milliseconds, event_count from usage_sessions where user_id = 'u1' order by started_at`,
        ),
      ).map((row) => [Number(row.length_milliseconds) / 60_000, row.event_count]);
    // An early event lasting 40 minutes keeps the session open past its last event (at 25, 1 minute long).
    await post({
      events: [
        event('l1', { timestamp: at(0), durationSeconds: 2_400 }),
        event('l2', { timestamp: at(25), durationSeconds: 60 }),
      ],
    });
    await post({
      events: [event('l3', { timestamp: at(100) }), event('l4', { timestamp: at(110), durationSeconds: 120 })],
    });
    expect(await sessions()).toEqual([
      [26, 2],
      [12, 2],
    ]);
    // The raw events are gone: only the stored sessions can tell where the inactivity gap starts.
    await handle.db.execute(sql`delete from usage_events`);
    // 65 is within 30 minutes of the first session's end (40), and its 10 minutes end within 30 of the second's start (100).
    await post({ events: [event('l5', { timestamp: at(65), durationSeconds: 600 })] });
    expect(await sessions()).toEqual([[112, 5]]);
    // 40 minutes before the start: a session of its own; 135 is within 30 minutes of the end (112).
    await post({
      events: [event('l6', { timestamp: at(-40) }), event('l7', { timestamp: at(135), durationSeconds: 30 })],
    });
    expect(await sessions()).toEqual([
      [0, 1],
      [135.5, 6],
    ]);
  });
});
