// The bench portfolio of the health and playbook benches: N companies with contracts, raw usage events and NPS
// answers, and the daily aggregates ingestion would have kept from those events (what the recompute reads).
import { sql } from 'drizzle-orm';
import type { Database } from '../src/db/client';
import { defaultCustomerSuccessSettings } from '../src/services/customer-success/customer-success-settings';
import { seedUsageAggregates } from './health-recompute-aggregates';

export interface HealthPortfolioSize {
  readonly portalId: number;
  readonly companies: number;
  readonly eventsPerCompany: number;
  readonly asOf: string;
}

export async function seedHealthPortfolio(db: Database, size: HealthPortfolioSize): Promise<void> {
  const { portalId, companies, eventsPerCompany, asOf } = size;
  await db.execute(sql`insert into portals (id, name) values (${portalId}, 'bench')`);
  await db.execute(sql`insert into companies (portal_id, id, name, tier)
    select ${portalId}, 'c' || n, 'Company ' || n, (array['smb','mid_market','enterprise'])[1 + n % 3] from generate_series(1, ${companies}) n`);
  await db.execute(sql`insert into contracts (portal_id, deal_id, company_id, kind, product, mrr_minor, start_date, end_date, seats)
    select ${portalId}, 'd' || n, 'c' || n, 'new', 'core', (5 + n % 46) * 4500, ${asOf}::date - (100 + n % 800), ${asOf}::date + 1 + n % 360, 5 + n % 46
    from generate_series(1, ${companies}) n`);
  await db.execute(sql`insert into contracts (portal_id, deal_id, company_id, kind, product, mrr_minor, start_date, end_date, seats)
    select ${portalId}, 'a' || n, 'c' || n, 'cross_sell', 'analytics', 5 * 1500, ${asOf}::date - 60, ${asOf}::date + 300, 5
    from generate_series(1, ${companies}, 5) n`);
  await db.execute(sql`insert into usage_events (portal_id, message_id, company_id, user_id, event, occurred_at, session_id, duration_seconds)
    select ${portalId}, 'm' || n || '-' || i, 'c' || n, 'u' || (i % greatest(1, ((5 + n % 46) * (2 + n % 8)) / 10)),
      (array['dashboard.view','report.create','export.csv','integration.sync','report.schedule','analytics.query','automation.run'])[1 + (n + i) % 7],
      (${asOf}::date - ((i * 37 + n) % 120))::timestamp at time zone 'UTC' + make_interval(hours => 8 + i % 10),
      case when i % 4 = 0 then null else 's' || n || '-' || i / 3 end, 60
    from generate_series(1, ${companies}) n cross join generate_series(1, ${eventsPerCompany}) i`);
  await db.execute(sql`insert into survey_responses (portal_id, id, company_id, kind, score, submitted_at)
    select ${portalId}, 'r' || n, 'c' || n, 'nps', n % 11, (${asOf}::date - n % 90)::timestamp at time zone 'UTC' from generate_series(1, ${companies}, 3) n`);
  await seedUsageAggregates(db, portalId, 'UTC', defaultCustomerSuccessSettings().sessions.inactivityMinutes);
}

/**
 * A portal in use has a score for every company on every earlier day: the rows of `day` stored again on each of the
 * `days` days before it, as the daily runs would have left them (scores and active users moved a little, the
 * explanation, alerts and components' points kept), so a run reads weeks of stored days as in production.
 */
export async function storeEarlierDays(db: Database, portalId: number, day: string, days: number): Promise<void> {
  await db.execute(sql`insert into health_scores (portal_id, company_id, score_date, score, band, stage, adoption_since,
      active_users, seats, explanation, alerts, suggestions, component_scores, component_points, days_to_renewal, latest_nps)
    select portal_id, company_id, score_date - k, greatest(0, least(100, score + ((hashtext(company_id) + k * 7) % 23) - 8)),
      band, stage, adoption_since, greatest(0, active_users - k % 3), seats, explanation, alerts, suggestions,
      component_scores, component_points, days_to_renewal, latest_nps
    from health_scores cross join generate_series(1, ${days}::int) k
    where portal_id = ${portalId} and score_date = ${day}::date`);
}
