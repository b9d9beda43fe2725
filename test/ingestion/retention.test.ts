import { sql } from 'drizzle-orm';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/client';
import { rowsOf } from '../support/sql-rows';
import { purgeExpiredUsageEvents } from '../../src/services/ingestion/retention';
import { databaseTargets } from '../support/databases';
import { event, otherPortalId, portalId, setUpIngestion } from './ingestion-harness';

type Counts = { events: number; activeUsers: number; features: number; sessions: number };

async function countsOf(handle: DatabaseHandle, portal: number, day: string): Promise<Counts> {
  const [row] = rowsOf<Counts>(
    await handle.db.execute(sql`select
      (select count(*)::int from usage_events where portal_id = ${portal} and occurred_at::date = ${day}::date) as "events",
      (select count(*)::int from usage_daily_active_users where portal_id = ${portal} and day = ${day}::date) as "activeUsers",
      (select count(*)::int from usage_daily_features where portal_id = ${portal} and day = ${day}::date) as "features",
      (select count(*)::int from usage_sessions where portal_id = ${portal} and start_day = ${day}::date) as "sessions"`),
  );
  if (!row) throw new Error('no counts');
  return row;
}

describe.each(databaseTargets)('usage retention on $name', (target) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await target.open();
  });
  afterAll(async () => handle.close());

  it('deletes a portal’s raw events older than the retention months and keeps every aggregate and other portals', async () => {
    const harness = await setUpIngestion(handle);
    const send = (key: string, events: unknown[]) =>
      request(harness.app).post('/api/v1/usage/batch').set('Authorization', `Bearer ${key}`).send({ events });
    const old = { timestamp: '2025-01-10T03:00:00Z' };
    const recent = { timestamp: '2026-03-02T03:00:00Z' };
    expect(
      (await send(harness.key, [event('old-1', old), event('old-2', { ...old, userId: 'u2' }), event('new-1', recent)]))
        .status,
    ).toBe(200);
    expect((await send(harness.otherKey, [event('other-old', { ...old, companyId: 'c9' })])).status).toBe(200);

    // 13 months before 15 March 2026 is 15 February 2025: January 2025 is past it.
    const result = await purgeExpiredUsageEvents(
      handle.db,
      portalId,
      { retentionMonths: 13 },
      new Date('2026-03-15T12:00:00Z'),
    );
    expect(result).toEqual({ cutoff: '2025-02-15', deleted: 2 });
    expect(await countsOf(handle, portalId, '2025-01-10')).toEqual({
      events: 0,
      activeUsers: 2,
      features: 1,
      sessions: 2,
    });
    expect(await countsOf(handle, portalId, '2026-03-02')).toEqual({
      events: 1,
      activeUsers: 1,
      features: 1,
      sessions: 1,
    });
    expect(await countsOf(handle, otherPortalId, '2025-01-10')).toEqual({
      events: 1,
      activeUsers: 1,
      features: 1,
      sessions: 1,
    });

    // A shorter period reaches the recent event; running again finds nothing more.
    expect(
      await purgeExpiredUsageEvents(handle.db, portalId, { retentionMonths: 1 }, new Date('2026-04-15T00:00:00Z')),
    ).toEqual({ cutoff: '2026-03-15', deleted: 1 });
    expect(
      await purgeExpiredUsageEvents(handle.db, portalId, { retentionMonths: 1 }, new Date('2026-04-15T00:00:00Z')),
    ).toEqual({ cutoff: '2026-03-15', deleted: 0 });
  });
});
