import { sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { kpiCutNames } from '../../../extensions/app/pages/shared/manager-payload';
import { useLargeAggregateSettings } from './analytic-query';
import type { Executor } from '../client';
import { companyCsmId, csmAssignmentJoin } from './csm-assignments-repository';

/**
 * A period as the KPI queries take it: `startDay` is where S is measured, `lastDay` where E is (today for a
 * running period), `mauFirstDay` the first day of the `mau` window.
 */
export type KpiQueryPeriod = {
  label: string;
  startDay: string;
  firstDay: string;
  lastDay: string;
  mauFirstDay: string;
};

// One list with the manager view's cuts: the extension's shared schema holds it (its bundle may not import src).
export const kpiCutColumns = kpiCutNames;
export type KpiCutColumn = (typeof kpiCutColumns)[number];

export type KpiQuery = {
  portalId: number;
  timeZone: string;
  periods: readonly KpiQueryPeriod[];
  cut: KpiCutColumn | null;
  /** What one customer is: each company (the default), or a top-level parent with every company below it. */
  customers?: 'each-company' | 'group';
};

/**
 * `periods(label, start_day, first_day, last_day, mau_day, period_index)` (`mau_day`: the first day of the `mau` window) as a VALUES list: a range has at
 * most a few hundred. `period_index` is the period's position, from 1.
 */
export function periodsValues(periods: readonly KpiQueryPeriod[]): SQL {
  if (periods.length === 0) throw new RangeError('a KPI query needs at least one period');
  const rows = periods.map(
    (period, position) =>
      sql`(${period.label}::text, ${period.startDay}::date, ${period.firstDay}::date, ${period.lastDay}::date, ${period.mauFirstDay}::date, ${position + 1}::int)`,
  );
  return sql`select * from (values ${sql.join(rows, sql`, `)}) as p(label, start_day, first_day, last_day, mau_day, period_index)`;
}

/**
 * `company_groups(company_id, group_key)` for the cut; a company missing from it falls in the null group.
 * The onboarding cohort is the month of the hand-off of the company's onboarding record.
 */
export function companyGroups(portalId: number, cut: KpiCutColumn | null): SQL {
  switch (cut) {
    case null:
      return sql`select null::text as company_id, null::text as group_key where false`;
    case 'owner':
      // The owner cut is the CSM's (domain §3: "owner (CSM)"): the one assigned at hand-off, else the owner.
      return sql`select c.id as company_id, ${companyCsmId} as group_key from companies c ${csmAssignmentJoin}
        where c.portal_id = ${portalId}`;
    case 'industry':
      return sql`select id as company_id, industry as group_key from companies where portal_id = ${portalId}`;
    case 'tier':
      return sql`select id as company_id, tier as group_key from companies where portal_id = ${portalId}`;
    case 'lifecycle_stage':
      return sql`select id as company_id, lifecycle_stage as group_key from companies where portal_id = ${portalId}`;
    case 'onboarding_cohort':
      return sql`select company_id, to_char(handoff_date, 'YYYY-MM') as group_key from onboarding_records where portal_id = ${portalId}`;
  }
}

export const groupKeyColumn = z.string().nullable();

/** Runs a KPI statement in a transaction with the large-aggregate planner settings, which end with it. */
export async function withKpiPlannerSettings<Result>(
  db: Executor,
  work: (executor: Executor) => Promise<Result>,
): Promise<Result> {
  return db.transaction(async (transaction) => {
    await useLargeAggregateSettings(transaction);
    return work(transaction);
  });
}

/** Joins two steps of the same period and group; the group key is null without a cut, and null never equals null. */
export function sameGroup(left: string, right: string): SQL {
  return sql.raw(
    `${left}.label = ${right}.label and coalesce(${left}.group_key, chr(1)) = coalesce(${right}.group_key, chr(1))`,
  );
}

/** A period's customer and MRR movements from each company's start and end MRR; both contract query paths share them. */
export const movementColumns = sql.raw(`count(*) filter (where start_mrr = 0 and end_mrr > 0) as new_customers,
  count(*) filter (where start_mrr > 0 and end_mrr = 0) as churned_customers,
  count(*) filter (where start_mrr = 0 and end_mrr = 0 and positive_inside) as joined_and_left,
  sum(end_mrr) filter (where start_mrr = 0) as new_mrr,
  sum(end_mrr - start_mrr) filter (where start_mrr > 0 and end_mrr > start_mrr) as expansion_mrr,
  sum(start_mrr - end_mrr) filter (where end_mrr > 0 and end_mrr < start_mrr) as contraction_mrr,
  sum(start_mrr) filter (where start_mrr > 0 and end_mrr = 0) as churned_mrr`);
