import { sql } from 'drizzle-orm';
import type { Database, Executor } from '../src/db/client';
import { rebuildCompanyMrr } from '../src/db/repositories/company-mrr-repository';
import { withBulkSettings, withoutIndexes } from './bulk-load';
import { checkSeededUsageAggregates } from './kpi-query-seed-check';
import { fillMonthlyActiveUsers } from './health-recompute-aggregates';

export type BenchSizes = { companies: number; contracts: number; events: number };

async function timed(label: string, work: () => Promise<unknown>): Promise<void> {
  const started = performance.now();
  await work();
  process.stderr.write(`  ${label}: ${(performance.now() - started).toFixed(0)} ms\n`);
}

/** Fills `tables` in one transaction with bulk settings, their indexes built once the rows are in. */
function bulkFill(db: Executor, tables: readonly string[], fill: (transaction: Executor) => Promise<unknown>) {
  return withBulkSettings(db, (transaction) =>
    tables.reduceRight<() => Promise<unknown>>(
      (inner, table) => () => withoutIndexes(transaction, table, inner),
      () => fill(transaction),
    )(),
  );
}

/**
 * The aggregates ingestion keeps from the events (domain §3; the statements of ingestion-events-repository and
 * the sessions' rule), for all events at once. Sorts and groups compare ids byte-wise (collate "C", the same
 * equality as the columns' collation).
 */
export async function seedUsageAggregates(db: Executor, portalId: number): Promise<void> {
  await timed('daily active users', () =>
    bulkFill(db, ['usage_daily_active_users'], (transaction) =>
      transaction.execute(sql`insert into usage_daily_active_users (portal_id, company_id, day, user_id, event_count)
        select ${portalId}, company_id collate "C", (occurred_at at time zone 'UTC')::date, user_id collate "C", count(*)
        from usage_events where portal_id = ${portalId} group by 2, 3, 4`),
    ),
  );
  await timed('monthly active users', () =>
    bulkFill(db, ['usage_monthly_active_users', 'usage_monthly_active_user_counts'], (transaction) =>
      fillMonthlyActiveUsers(transaction, portalId),
    ),
  );
  // One sort of the events by user, session key and time serves every window: a session starts at its key's first
  // event or, unkeyed, 30 minutes after the latest end before it; its row is written at its last event.
  await timed('sessions', () =>
    bulkFill(db, ['usage_sessions'], (transaction) =>
      transaction.execute(sql`insert into usage_sessions (portal_id, company_id, user_id, session_key, started_at, start_day, length_milliseconds, last_event_at, active_until, event_count)
        with events as (
          select company_id collate "C" as company_id, user_id collate "C" as user_id, session_id is null as unkeyed,
            coalesce(session_id, '') collate "C" as session_key, occurred_at, coalesce(duration_seconds, 0) * interval '1 second' as duration
          from usage_events where portal_id = ${portalId}
        ),
        marked as (
          select *, row_number() over key_events as position,
            case when row_number() over key_events = 1 then 1
              when unkeyed and occurred_at - max(occurred_at + duration) over (key_events rows between unbounded preceding and 1 preceding) >= interval '30 minutes' then 1
              else 0 end as starts
          from events window key_events as (partition by company_id, user_id, unkeyed, session_key order by occurred_at, duration)
        ),
        -- Running maxima: a session's events all end after the previous session's, so the latest end so far is its own.
        ends as (
          select *, coalesce(lead(starts) over key_events, 1) = 1 as last_of_session,
            max(case when starts = 1 then occurred_at end) over (key_events rows between unbounded preceding and current row) as started_at,
            max(case when starts = 1 then position end) over (key_events rows between unbounded preceding and current row) as first_position,
            max(occurred_at + duration) over (key_events rows between unbounded preceding and current row) as active_until
          from marked window key_events as (partition by company_id, user_id, unkeyed, session_key order by occurred_at, duration)
        )
        select ${portalId}, company_id, user_id, session_key, started_at, (started_at at time zone 'UTC')::date,
          (extract(epoch from occurred_at + duration - started_at) * 1000)::bigint, occurred_at, active_until, position - first_position + 1
        from ends where last_of_session`),
    ),
  );
}

/**
 * Companies, contracts over 2021-2026 (some upsell and cross-sell), usage events over the two years
 * before 2026-11 (half with a session id), and what ingestion and the contract writes keep from them: daily and
 * monthly active users, sessions (30-minute gap, session ids used), the MRR steps and months, and onboarding
 * records with milestones. Set-based: each table is one statement over generate_series or the rows before it,
 * filled before its indexes are built; a sample of the usage aggregates is then checked against the product's rules.
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
    bulkFill(db, ['contracts'], (transaction) =>
      transaction.execute(sql`insert into contracts (portal_id, deal_id, company_id, kind, product, mrr_minor, start_date, end_date, close_date, seats)
        select ${portalId}, 'd' || g, 'c' || (1 + g % ${companies}),
          case when g % 10 = 0 then 'upsell' when g % 10 = 1 then 'cross_sell' when g % 10 < 5 then 'renewal' else 'new' end,
          'core', 10000 + (g * 7919) % 500000, date '2021-01-01' + ((g * 104729) % 1999)::int,
          date '2021-01-01' + ((g * 104729) % 1999)::int + 365, date '2021-01-01' + ((g * 104729) % 1999)::int, 10
        from generate_series(1::bigint, ${contracts}) g`),
    ),
  );
  await timed(`${events} usage events`, () =>
    bulkFill(db, ['usage_events'], (transaction) =>
      transaction.execute(sql`insert into usage_events (portal_id, message_id, company_id, user_id, event, occurred_at, session_id, duration_seconds)
        select ${portalId}, 'm' || g, 'c' || (1 + g % ${companies}), 'u' || (g % 7), 'page.view',
          timestamptz '2024-11-01 00:00:00+00' + ((g::bigint * 7919) % (730 * 86400)) * interval '1 second',
          case when g % 2 = 0 then 's' || (g / 20) end, g % 300
        from generate_series(1::bigint, ${events}) g`),
    ),
  );
  await seedUsageAggregates(db, portalId);
  // Onboardings opened at each company's hand-off, five required milestones, about one in seven still open.
  await timed('onboarding records', () =>
    withBulkSettings(db, async (transaction) => {
      await transaction.execute(sql`insert into onboarding_records (portal_id, company_id, handoff_date, touch_model)
        select ${portalId}, company_id, min(start_date), 'low_touch' from contracts where portal_id = ${portalId} and kind = 'new' group by company_id`);
      await transaction.execute(sql`insert into onboarding_milestones (portal_id, company_id, key, label, required, position, due_date, done_at)
        select r.portal_id, r.company_id, 'step_' || k, 'Step ' || k, true, k, r.handoff_date + k * 15,
          case when (abs(hashtext(r.company_id)) + k) % 7 <> 0 then (r.handoff_date + k * 12 + abs(hashtext(r.company_id)) % 20)::timestamptz end
        from onboarding_records r cross join generate_series(1, 5) k where r.portal_id = ${portalId}`);
    }),
  );
  // The product's own rebuild; the months statement reads the steps through their index, so only the tables
  // it reads nothing from are filled before their indexes.
  await timed('MRR steps and months', () =>
    bulkFill(db, ['company_monthly_mrr', 'company_seat_months'], (transaction) =>
      rebuildCompanyMrr(transaction, portalId),
    ),
  );
  // Vacuumed as autovacuum leaves a production database: without it (the test server runs with autovacuum off) the
  // visibility map is empty and each index-only scan (a period's stored sessions) fetches every row from the heap.
  await timed('vacuum analyze', () => db.execute(sql`vacuum analyze`));
  await timed('check of the usage aggregates', () => checkSeededUsageAggregates(db, portalId, companies));
}
