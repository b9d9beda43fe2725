import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { checkSeededUsageAggregates } from '../../bench/kpi-query-seed-check';
import { seedUsageAggregates } from '../../bench/kpi-query-seed';
import { openDatabase, type DatabaseHandle } from '../../src/db/client';
import { integerColumn, queryRows } from '../../src/db/repositories/query-rows';
import { createServerDatabase, postgresServerAvailable } from '../support/databases';
import { ifStarted } from '../support/if-started';

const portalId = 1;

// The bench seed derives sessions and active users in set-based SQL; these events make that SQL split, merge and
// tie (the seed's own events are too sparse to): the check recomputes them by the product's rules.
const events = [
  // c1, u1 unkeyed: 29 minutes after the latest end stays one session, 30 minutes after it starts a new one.
  ['c1', 'u1', '2026-03-01 10:00:00', null, 60],
  ['c1', 'u1', '2026-03-01 10:30:00', null, 600],
  ['c1', 'u1', '2026-03-01 10:59:59', null, 0],
  ['c1', 'u1', '2026-03-01 11:10:00', null, 0],
  ['c1', 'u1', '2026-03-01 11:40:00', null, 5],
  // a long event keeps later ones in its session although their own predecessor ended long before.
  ['c1', 'u1', '2026-03-02 09:00:00', null, 7200],
  ['c1', 'u1', '2026-03-02 09:01:00', null, 0],
  ['c1', 'u1', '2026-03-02 10:50:00', null, 0],
  // two events at one instant: the longer one ends the session.
  ['c1', 'u1', '2026-03-31 23:59:00', null, 30],
  ['c1', 'u1', '2026-03-31 23:59:00', null, 90],
  ['c1', 'u1', '2026-04-01 00:20:00', null, 1],
  // keyed: one session whatever the gaps, across a month's end, beside unkeyed events of the same user.
  ['c1', 'u1', '2026-03-31 20:00:00', 'k1', 10],
  ['c1', 'u1', '2026-04-02 08:00:00', 'k1', 20],
  ['c1', 'u2', '2026-03-01 10:00:00', 'k1', 0],
  ['c2', 'u1', '2026-03-05 12:00:00', 'k2', 3],
  ['c2', 'u1', '2026-03-05 12:00:00', 'k2', 3],
  ['c2', 'u3', '2026-03-05 12:00:00', null, null],
  ['c2', 'u3', '2026-03-05 12:10:00', null, null],
] as const;

describe.skipIf(!postgresServerAvailable)('the KPI bench seed usage aggregates', () => {
  let handle: DatabaseHandle;
  let drop: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    const database = await createServerDatabase();
    drop = database.drop;
    handle = await openDatabase({ databaseUrl: database.url, poolSize: 2 });
    await handle.db
      .execute(sql`insert into usage_events (portal_id, message_id, company_id, user_id, event, occurred_at, session_id, duration_seconds)
      select ${portalId}, 'm' || position, e ->> 0, e ->> 1, 'page.view', (e ->> 2)::timestamptz, e ->> 3, (e ->> 4)::integer
      from jsonb_array_elements(${JSON.stringify(events.map(([company, user, at, key, seconds]) => [company, user, `${at}+00`, key, seconds]))}::jsonb)
        with ordinality as events(e, position)`);
    await seedUsageAggregates(handle.db, portalId);
  });
  afterAll(async () => {
    await ifStarted(handle)?.close();
    await drop?.();
  });

  it('agree with the sessions and active users the product derives from the events', async () => {
    await expect(checkSeededUsageAggregates(handle.db, portalId, 2)).resolves.toBeUndefined();
    const sessions = await queryRows(
      handle.db,
      sql`select count(*) as "sessions" from usage_sessions`,
      z.object({ sessions: integerColumn }),
    );
    expect(sessions).toEqual([{ sessions: 8 }]);
  });

  it('are caught by the check when one stored row is off', async () => {
    await handle.db.execute(sql`update usage_sessions set length_milliseconds = length_milliseconds + 1
      where company_id = 'c1' and session_key = 'k1'`);
    await expect(checkSeededUsageAggregates(handle.db, portalId, 2)).rejects.toThrow(/sessions: stored/);
    await handle.db.execute(sql`update usage_sessions set length_milliseconds = length_milliseconds - 1
      where company_id = 'c1' and session_key = 'k1'`);
    await handle.db.execute(sql`update usage_daily_active_users set event_count = event_count + 1
      where company_id = 'c2' and user_id = 'u3'`);
    await expect(checkSeededUsageAggregates(handle.db, portalId, 2)).rejects.toThrow(/daily active users: stored/);
  });
});
