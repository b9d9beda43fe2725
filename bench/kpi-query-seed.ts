import { sql } from 'drizzle-orm';
import type { Database } from '../src/db/client';
import { rebuildCompanyMrr } from '../src/db/repositories/company-mrr-repository';

export type BenchSizes = { companies: number; contracts: number; events: number };

async function timed(label: string, work: () => Promise<unknown>): Promise<void> {
  const started = performance.now();
  await work();
  process.stderr.write(`  ${label}: ${(performance.now() - started).toFixed(0)} ms\n`);
}

/**
 * Companies, contracts over 2021-2026 (some upsell and cross-sell), usage events over the two years
 * before 2026-11 (half with a session id), and the aggregates ingestion maintains for them: daily
 * active users and sessions (30-minute gap, session ids used), computed once here in SQL, and onboarding
 * records with milestones.
 */
export async function seedBenchPortfolio(db: Database, portalId: number, sizes: BenchSizes): Promise<void> {
  const { companies, contracts, events } = sizes;
  await db.execute(
    sql`insert into portals (id, name, time_zone, currency) values (${portalId}, 'bench', 'UTC', 'USD')`,
  );
  await timed(`${companies} companies`, () =>
    db.execute(sql`insert into companies (portal_id, id, name, owner_id, industry, tier, lifecycle_stage)
      select ${portalId}, 'c' || g, 'Company ' || g, 'o' || (g % 40), 'industry_' || (g % 12), (array['smb','mid_market','enterprise'])[1 + g % 3], 'customer'
      from generate_series(1, ${companies}) g`),
  );
  // Start days modulo a prime, so a company's contracts (every `companies`-th row) start on different days.
  await timed(`${contracts} contracts`, () =>
    db.execute(sql`insert into contracts (portal_id, deal_id, company_id, kind, product, mrr_minor, start_date, end_date, close_date, seats)
      select ${portalId}, 'd' || g, 'c' || (1 + g % ${companies}),
        case when g % 10 = 0 then 'upsell' when g % 10 = 1 then 'cross_sell' when g % 10 < 5 then 'renewal' else 'new' end,
        'core', 10000 + (g * 7919) % 500000, date '2021-01-01' + ((g * 104729) % 1999)::int,
        date '2021-01-01' + ((g * 104729) % 1999)::int + 365, date '2021-01-01' + ((g * 104729) % 1999)::int, 10
      from generate_series(1::bigint, ${contracts}) g`),
  );
  await timed(`${events} usage events`, () =>
    db.execute(sql`insert into usage_events (portal_id, message_id, company_id, user_id, event, occurred_at, session_id, duration_seconds)
      select ${portalId}, 'm' || g, 'c' || (1 + g % ${companies}), 'u' || (g % 7), 'page.view',
        timestamptz '2024-11-01 00:00:00+00' + ((g::bigint * 7919) % (730 * 86400)) * interval '1 second',
        case when g % 2 = 0 then 's' || (g / 20) end, g % 300
      from generate_series(1::bigint, ${events}) g`),
  );
  await timed('daily active users', () =>
    db.execute(sql`insert into usage_daily_active_users (portal_id, company_id, day, user_id, event_count)
      select portal_id, company_id, (occurred_at at time zone 'UTC')::date, user_id, count(*)
      from usage_events where portal_id = ${portalId} group by 1, 2, 3, 4`),
  );
  await timed('monthly active users', async () => {
    await db.execute(sql`insert into usage_monthly_active_users (portal_id, company_id, month, user_id, first_day, last_day)
      select portal_id, company_id, date_trunc('month', day)::date, user_id, min(day), max(day) from usage_daily_active_users
      where portal_id = ${portalId} group by 1, 2, 3, 4`);
    await db.execute(sql`insert into usage_monthly_active_user_counts (portal_id, month, company_id, users)
      select portal_id, month, company_id, count(*) from usage_monthly_active_users where portal_id = ${portalId} group by 1, 2, 3`);
  });
  await timed('sessions', () =>
    db.execute(sql`insert into usage_sessions (portal_id, company_id, user_id, session_key, started_at, start_day, length_milliseconds, last_event_at, active_until, event_count)
      with marked as (
        select company_id, user_id, coalesce(session_id, '') as session_key, occurred_at, coalesce(duration_seconds, 0) * interval '1 second' as duration,
          case when session_id is not null then 0
            when occurred_at - max(occurred_at + coalesce(duration_seconds, 0) * interval '1 second') over (partition by company_id, user_id, session_id is null order by occurred_at, duration_seconds rows between unbounded preceding and 1 preceding) < interval '30 minutes' then 0
            else 1 end as starts
        from usage_events where portal_id = ${portalId}
      ),
      numbered as (
        select *, sum(starts) over (partition by company_id, user_id, session_key order by occurred_at, duration rows between unbounded preceding and current row) as number from marked
      )
      select ${portalId}, company_id, user_id, session_key, min(occurred_at), (min(occurred_at) at time zone 'UTC')::date,
        (extract(epoch from max(occurred_at) - min(occurred_at)) * 1000)::bigint + (max(array[extract(epoch from occurred_at) * 1000, extract(epoch from duration) * 1000]))[2]::bigint,
        max(occurred_at), max(occurred_at + duration), count(*)
      from numbered group by company_id, user_id, session_key, number`),
  );
  // Onboardings opened at each company's hand-off, five required milestones, about one in seven still open.
  await timed('onboarding records', async () => {
    await db.execute(sql`insert into onboarding_records (portal_id, company_id, handoff_date, touch_model)
      select ${portalId}, company_id, min(start_date), 'low_touch' from contracts where portal_id = ${portalId} and kind = 'new' group by company_id`);
    await db.execute(sql`insert into onboarding_milestones (portal_id, company_id, key, label, required, position, due_date, done_at)
      select r.portal_id, r.company_id, 'step_' || k, 'Step ' || k, true, k, r.handoff_date + k * 15,
        case when (abs(hashtext(r.company_id)) + k) % 7 <> 0 then (r.handoff_date + k * 12 + abs(hashtext(r.company_id)) % 20)::timestamptz end
      from onboarding_records r cross join generate_series(1, 5) k where r.portal_id = ${portalId}`);
  });
  await timed('MRR steps and months', () => rebuildCompanyMrr(db, portalId));
  // Vacuumed as autovacuum leaves a production database: without it (the test server runs with autovacuum off) the
  // visibility map is empty and each index-only scan (a period's stored sessions) fetches every row from the heap.
  await timed('vacuum analyze', () => db.execute(sql`vacuum analyze`));
}
