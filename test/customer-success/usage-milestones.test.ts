import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/client';
import { completeMilestonesFromUsage } from '../../src/db/repositories/customer-success-onboarding-repository';
import { rowsOf } from '../support/sql-rows';
import { databaseTargets } from '../support/databases';
import { ifStarted } from '../support/if-started';

const portalId = 81;
const otherPortalId = 82;
const asOf = '2026-10-31';

// a's third user first appears on 10 September; b has two users by the day (its third comes the next morning, and
// two more users of a company also called b belong to another portal); c's three users were all active before its
// hand-off; d's milestone was ticked off by its CSM already. e's second and third users both come on 8 September
// (the third at 09:00, after the second at 07:00 and its first user's return at 06:00); f's first user came in
// August and again in September, its third on 2 October. g's events were purged (older than the retention): its
// monthly active users remain, and its milestone is done at the start of its third user's first day.
describe.each(databaseTargets)('milestones completed by usage on $name', (target) => {
  let handle: DatabaseHandle;

  beforeAll(async () => {
    handle = await target.open();
    await handle.db.execute(sql`insert into portals (id, name, time_zone)
      values (${portalId}, 'usage milestones', 'UTC'), (${otherPortalId}, 'other', 'UTC')`);
    await handle.db.execute(sql`insert into onboarding_records (portal_id, company_id, handoff_date, touch_model)
      values (${portalId}, 'a', '2026-09-01', 'tech'), (${portalId}, 'b', '2026-09-01', 'tech'),
        (${portalId}, 'c', '2026-10-20', 'tech'), (${portalId}, 'd', '2026-09-01', 'tech'),
        (${portalId}, 'e', '2026-09-01', 'tech'), (${portalId}, 'f', '2026-09-01', 'tech'),
        (${portalId}, 'g', '2026-09-01', 'tech'),
        (${otherPortalId}, 'b', '2026-09-01', 'tech')`);
    await handle.db.execute(sql`insert into onboarding_milestones
        (portal_id, company_id, key, label, required, position, due_date, done_at, done_by)
      select p::bigint, company, key, key, true, 0, '2026-10-15'::date, done_at::timestamptz, done_by from (values
        (${portalId}, 'a', 'first_users_active', null, null), (${portalId}, 'a', 'kickoff_held', null, null),
        (${portalId}, 'b', 'first_users_active', null, null), (${portalId}, 'c', 'first_users_active', null, null),
        (${portalId}, 'd', 'first_users_active', '2026-09-05 09:00:00+00', 'csm@example.com'),
        (${portalId}, 'e', 'first_users_active', null, null), (${portalId}, 'f', 'first_users_active', null, null),
        (${portalId}, 'g', 'first_users_active', null, null),
        (${otherPortalId}, 'b', 'first_users_active', null, null)
      ) as m(p, company, key, done_at, done_by)`);
    const events: Array<[number, string, string, string]> = [
      [portalId, 'a', 'u1', '2026-09-02 10:00:00+00'],
      [portalId, 'a', 'u1', '2026-09-03 10:00:00+00'],
      [portalId, 'a', 'u2', '2026-09-05 10:00:00+00'],
      [portalId, 'a', 'u3', '2026-09-10 08:00:00+00'],
      [portalId, 'a', 'u3', '2026-09-11 08:00:00+00'],
      [portalId, 'a', 'u4', '2026-09-12 08:00:00+00'],
      [portalId, 'b', 'u1', '2026-09-02 10:00:00+00'],
      [portalId, 'b', 'u2', '2026-09-03 10:00:00+00'],
      [portalId, 'b', 'u3', '2026-11-01 00:30:00+00'],
      [otherPortalId, 'b', 'u7', '2026-09-01 10:00:00+00'],
      [otherPortalId, 'b', 'u8', '2026-09-01 11:00:00+00'],
      [portalId, 'c', 'u1', '2026-10-01 10:00:00+00'],
      [portalId, 'c', 'u2', '2026-10-02 10:00:00+00'],
      [portalId, 'c', 'u3', '2026-10-03 10:00:00+00'],
      [portalId, 'd', 'u1', '2026-09-02 10:00:00+00'],
      [portalId, 'd', 'u2', '2026-09-03 10:00:00+00'],
      [portalId, 'd', 'u3', '2026-09-04 10:00:00+00'],
      [portalId, 'e', 'u1', '2026-09-02 10:00:00+00'],
      [portalId, 'e', 'u1', '2026-09-08 06:00:00+00'],
      [portalId, 'e', 'u3', '2026-09-08 09:00:00+00'],
      [portalId, 'e', 'u2', '2026-09-08 07:00:00+00'],
      [portalId, 'e', 'u3', '2026-09-08 10:00:00+00'],
      [portalId, 'f', 'u1', '2026-08-30 10:00:00+00'],
      [portalId, 'f', 'u1', '2026-09-15 10:00:00+00'],
      [portalId, 'f', 'u2', '2026-09-01 12:00:00+00'],
      [portalId, 'f', 'u3', '2026-10-02 15:30:00+00'],
    ];
    await handle.db
      .execute(sql`insert into usage_events (portal_id, message_id, company_id, user_id, event, occurred_at)
      values ${sql.join(
        events.map(
          ([portal, company, user, at], index) =>
            sql`(${portal}, ${`m${index}`}, ${company}, ${user}, 'dashboard.view', ${at}::timestamptz)`,
        ),
        sql`, `,
      )}`);
    // The monthly active users ingestion keeps beside the events (test/ingestion/aggregates-rebuild.test.ts holds them equal).
    await handle.db
      .execute(sql`insert into usage_monthly_active_users (portal_id, company_id, month, user_id, first_day, last_day)
      select portal_id, company_id, date_trunc('month', day)::date, user_id, min(day), max(day)
      from (select portal_id, company_id, user_id, (occurred_at at time zone 'UTC')::date as day from usage_events) local
      group by 1, 2, 3, 4`);
    await handle.db
      .execute(sql`insert into usage_monthly_active_users (portal_id, company_id, month, user_id, first_day, last_day)
      values (${portalId}, 'g', '2026-09-01', 'u1', '2026-09-03', '2026-09-20'), (${portalId}, 'g', '2026-09-01', 'u2', '2026-09-04', '2026-09-04'),
        (${portalId}, 'g', '2026-09-01', 'u3', '2026-09-06', '2026-09-07')`);
  });
  afterAll(async () => ifStarted(handle)?.close());

  it("completes each open milestone at its third user's first event, never before hand-off, and nothing else", async () => {
    await completeMilestonesFromUsage(handle.db, portalId, 'first_users_active', 3, asOf, 'UTC');
    const rows = rowsOf<{
      portal_id: string | number;
      company_id: string;
      key: string;
      done: string | null;
      done_by: string | null;
    }>(
      await handle.db
        .execute(sql`select portal_id, company_id, key, to_char(done_at at time zone 'UTC', 'YYYY-MM-DD HH24:MI') as done,
          done_by from onboarding_milestones order by portal_id, company_id, key`),
    );
    expect(rows.map((row) => ({ ...row, portal_id: Number(row.portal_id) }))).toEqual([
      { portal_id: portalId, company_id: 'a', key: 'first_users_active', done: '2026-09-10 08:00', done_by: 'usage' },
      { portal_id: portalId, company_id: 'a', key: 'kickoff_held', done: null, done_by: null },
      { portal_id: portalId, company_id: 'b', key: 'first_users_active', done: null, done_by: null },
      { portal_id: portalId, company_id: 'c', key: 'first_users_active', done: '2026-10-20 00:00', done_by: 'usage' },
      {
        portal_id: portalId,
        company_id: 'd',
        key: 'first_users_active',
        done: '2026-09-05 09:00',
        done_by: 'csm@example.com',
      },
      { portal_id: portalId, company_id: 'e', key: 'first_users_active', done: '2026-09-08 09:00', done_by: 'usage' },
      { portal_id: portalId, company_id: 'f', key: 'first_users_active', done: '2026-10-02 15:30', done_by: 'usage' },
      { portal_id: portalId, company_id: 'g', key: 'first_users_active', done: '2026-09-06 00:00', done_by: 'usage' },
      { portal_id: otherPortalId, company_id: 'b', key: 'first_users_active', done: null, done_by: null },
    ]);
  });
});
