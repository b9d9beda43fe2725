import { sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../client';
import { isAnyOf, textArrayParam } from './text-array-param';

/** `and company_id = any(...)`, or nothing for every company of the portal. */
function ofCompanies(companyIds: readonly string[] | null): SQL {
  return companyIds === null ? sql`` : sql`and ${isAnyOf(sql`company_id`, companyIds)}`;
}

/**
 * The steps of the companies' MRR (see company_mrr_steps) from their contracts: each contract adds its MRR
 * on its start day and removes it on its end day (exclusive); days where that nets to zero are left out.
 */
function stepsFromContracts(portalId: number, companyIds: readonly string[] | null): SQL {
  return sql`insert into company_mrr_steps (portal_id, company_id, day, mrr_minor, previous_mrr_minor, previous_day, next_day)
select ${portalId}::bigint, company_id, day, level, level - delta, lag(day) over company_days, lead(day) over company_days
from (
  select company_id, day, delta, sum(delta) over (partition by company_id order by day rows between unbounded preceding and current row) as level
  from (
    select company_id, day, sum(delta) as delta from (
      select company_id, start_date as day, mrr_minor as delta from contracts where portal_id = ${portalId} ${ofCompanies(companyIds)}
      union all
      select company_id, end_date as day, -mrr_minor as delta from contracts where portal_id = ${portalId} ${ofCompanies(companyIds)}
    ) edges group by company_id, day having sum(delta) <> 0
  ) deltas
) levels
window company_days as (partition by company_id order by day)`;
}

/**
 * The months of the companies' MRR (see company_monthly_mrr) from their steps and expansion contracts. A
 * month with only a close takes its MRR from the last step before it.
 */
function monthsFromSteps(portalId: number, companyIds: readonly string[] | null): SQL {
  const monthOf = (day: string) => sql.raw(`(${day} - extract(day from ${day})::int + 1)`);
  return sql`insert into company_monthly_mrr (portal_id, company_id, month, previous_month, mrr_before, mrr_first_day, mrr_last_day, positive_step_after_first_day,
  upsell_contracts, upsell_mrr_minor, cross_sell_contracts, cross_sell_mrr_minor)
with step_months as (
  select company_id, ${monthOf('day')} as month,
    (array_agg(previous_mrr_minor order by day))[1] as mrr_before,
    (array_agg(mrr_minor order by day))[1] as first_step_mrr,
    min(day) = ${monthOf('day')} as step_on_first_day,
    (array_agg(mrr_minor order by day desc))[1] as mrr_last_day,
    coalesce(bool_or(mrr_minor > 0) filter (where day > ${monthOf('day')}), false) as positive_step_after_first_day
  from company_mrr_steps where portal_id = ${portalId} ${ofCompanies(companyIds)}
  group by 1, 2
),
close_months as (
  select company_id, ${monthOf('close_date')} as month,
    count(*) filter (where kind = 'upsell') as upsell_contracts, coalesce(sum(mrr_minor) filter (where kind = 'upsell'), 0) as upsell_mrr_minor,
    count(*) filter (where kind = 'cross_sell') as cross_sell_contracts, coalesce(sum(mrr_minor) filter (where kind = 'cross_sell'), 0) as cross_sell_mrr_minor
  from contracts where portal_id = ${portalId} and kind in ('upsell', 'cross_sell') and close_date is not null ${ofCompanies(companyIds)}
  group by 1, 2
)
select ${portalId}::bigint, company_id, month, lag(month) over (partition by company_id order by month), mrr_before, mrr_first_day, mrr_last_day,
  positive_step_after_first_day, upsell_contracts, upsell_mrr_minor, cross_sell_contracts, cross_sell_mrr_minor
from (
  select coalesce(s.company_id, c.company_id) as company_id, coalesce(s.month, c.month) as month,
    coalesce(s.mrr_before, level.mrr, 0) as mrr_before,
    case when s.step_on_first_day then s.first_step_mrr else coalesce(s.mrr_before, level.mrr, 0) end as mrr_first_day,
    coalesce(s.mrr_last_day, level.mrr, 0) as mrr_last_day, coalesce(s.positive_step_after_first_day, false) as positive_step_after_first_day,
    coalesce(c.upsell_contracts, 0) as upsell_contracts, coalesce(c.upsell_mrr_minor, 0) as upsell_mrr_minor,
    coalesce(c.cross_sell_contracts, 0) as cross_sell_contracts, coalesce(c.cross_sell_mrr_minor, 0) as cross_sell_mrr_minor
  from step_months s full join close_months c on c.company_id = s.company_id and c.month = s.month
  left join lateral (
    select l.mrr_minor as mrr from company_mrr_steps l
    where s.company_id is null and l.portal_id = ${portalId} and l.company_id = c.company_id and l.day < c.month
    order by l.day desc limit 1
  ) level on true
) months`;
}

/**
 * The companies' seats per product on each month's last day (see company_seat_months): a contract is active on
 * the last days of the months from its start's month to the month before its end's (its end is exclusive).
 */
function seatMonthsFromContracts(portalId: number, companyIds: readonly string[] | null): SQL {
  return sql`insert into company_seat_months (portal_id, company_id, product, month, seats)
select ${portalId}::bigint, company_id, product, month, sum(seats)
from (
  select company_id, product, seats,
    generate_series(date_trunc('month', start_date::timestamp), date_trunc('month', end_date::timestamp) - interval '1 month', interval '1 month')::date as month
  from contracts where portal_id = ${portalId} and seats is not null ${ofCompanies(companyIds)}
) active
group by company_id, product, month having sum(seats) > 0`;
}

/** Held shared by every per-company refresh and exclusively by a rebuild, so the two never write one company at once. */
const portalLock = (portalId: number) => sql`hashtextextended('company_mrr_portal', ${portalId}::bigint)`;

/**
 * Recomputes the MRR steps and months of these companies from their contracts; call it in the transaction
 * that changed them, after the change. The per-company locks (taken in one order, so two writers cannot
 * deadlock on them) make a concurrent writer of the same company recompute after this one commits, from
 * contracts that include this one's change.
 */
export async function refreshCompanyMrr(db: Executor, portalId: number, companyIds: readonly string[]): Promise<void> {
  const ids = [...new Set(companyIds)].sort();
  if (ids.length === 0) return;
  await db.execute(sql`select pg_advisory_xact_lock_shared(${portalLock(portalId)})`);
  await db.execute(sql`select pg_advisory_xact_lock(hashtextextended('company_mrr:' || id, ${portalId}::bigint))
    from unnest(${textArrayParam(ids)}) with ordinality as ids(id, position) order by position`);
  await db.execute(sql`delete from company_mrr_steps where portal_id = ${portalId} ${ofCompanies(ids)}`);
  await db.execute(sql`delete from company_monthly_mrr where portal_id = ${portalId} ${ofCompanies(ids)}`);
  await db.execute(sql`delete from company_seat_months where portal_id = ${portalId} ${ofCompanies(ids)}`);
  await db.execute(stepsFromContracts(portalId, ids));
  await db.execute(monthsFromSteps(portalId, ids));
  await db.execute(seatMonthsFromContracts(portalId, ids));
}

/**
 * Recomputes every company's MRR steps and months of the portal in a few set-based statements (the same ones
 * as the per-company refresh), after contracts were written without it (a full sync's deals). One transaction
 * (a savepoint inside the caller's): readers see the old rows until it commits. It waits for the refreshes
 * under way, and those that start meanwhile wait for it, then recompute their companies from its result.
 */
export async function rebuildCompanyMrr(db: Executor, portalId: number): Promise<void> {
  await db.transaction(async (transaction) => {
    await transaction.execute(sql`select pg_advisory_xact_lock(${portalLock(portalId)})`);
    await transaction.execute(sql`delete from company_mrr_steps where portal_id = ${portalId}`);
    await transaction.execute(sql`delete from company_monthly_mrr where portal_id = ${portalId}`);
    await transaction.execute(sql`delete from company_seat_months where portal_id = ${portalId}`);
    await transaction.execute(stepsFromContracts(portalId, null));
    await transaction.execute(monthsFromSteps(portalId, null));
    await transaction.execute(seatMonthsFromContracts(portalId, null));
  });
}
