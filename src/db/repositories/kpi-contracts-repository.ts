import type { SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { MrrMovements } from '../../domain/kpi/mrr-movements';
import type { Executor } from '../client';
import { contractMonthsQuery } from './kpi-contract-months-query';
import { contractStepsQuery } from './kpi-contract-steps-query';
import { groupMrrSource } from './kpi-mrr-source';
import { groupKeyColumn, withKpiPlannerSettings, type KpiQuery } from './kpi-query-parts';
import { integerColumn, queryRows } from './query-rows';

const contractKpiRowSchema = z.object({
  label: z.string(),
  group_key: groupKeyColumn,
  customers_start: integerColumn,
  customers_end: integerColumn,
  start_mrr: integerColumn,
  end_mrr: integerColumn,
  new_customers: integerColumn,
  churned_customers: integerColumn,
  joined_and_left: integerColumn,
  new_mrr: integerColumn,
  expansion_mrr: integerColumn,
  contraction_mrr: integerColumn,
  churned_mrr: integerColumn,
  upsell_customers: integerColumn,
  upsell_mrr: integerColumn,
  cross_sell_customers: integerColumn,
  cross_sell_mrr: integerColumn,
});

/** Integer aggregates of one period and group (money in minor units). */
export type ContractKpiAggregates = MrrMovements & {
  period: string;
  group: string | null;
  customersStart: number;
  customersEnd: number;
  newCustomers: number;
  churnedCustomers: number;
  joinedAndLeft: number;
  upsellCustomers: number;
  upsellMrr: number;
  crossSellCustomers: number;
  crossSellMrr: number;
};

/**
 * Customers and MRR movements (domain §3) per period and group, from the MRR kept with the contracts:
 * by calendar month from the company months, other periods from the steps. A running month at the end
 * (measured on today, not on its last day) is read from the steps, the months before it still by month.
 * Counting groups as customers, every period is read from the groups' steps (no months are kept for them).
 */
export async function contractKpiAggregates(db: Executor, query: KpiQuery): Promise<ContractKpiAggregates[]> {
  if (query.customers === 'group')
    return readAggregates(db, [contractStepsQuery(query, groupMrrSource(query.portalId))]);
  const whole = contractMonthsQuery(query);
  const head = { ...query, periods: query.periods.slice(0, -1) };
  const headMonths = whole === null && head.periods.length > 0 ? contractMonthsQuery(head) : null;
  const statements =
    whole !== null
      ? [whole]
      : headMonths !== null
        ? [headMonths, contractStepsQuery({ ...query, periods: query.periods.slice(-1) })]
        : [contractStepsQuery(query)];
  return readAggregates(db, statements);
}

async function readAggregates(db: Executor, statements: readonly SQL[]): Promise<ContractKpiAggregates[]> {
  const rows: z.infer<typeof contractKpiRowSchema>[] = [];
  for (const statement of statements) {
    rows.push(
      ...(await withKpiPlannerSettings(db, (executor) => queryRows(executor, statement, contractKpiRowSchema))),
    );
  }
  return rows.map((row) => ({
    period: row.label,
    group: row.group_key,
    customersStart: row.customers_start,
    customersEnd: row.customers_end,
    newCustomers: row.new_customers,
    churnedCustomers: row.churned_customers,
    joinedAndLeft: row.joined_and_left,
    startMrr: row.start_mrr,
    newMrr: row.new_mrr,
    expansionMrr: row.expansion_mrr,
    contractionMrr: row.contraction_mrr,
    churnedMrr: row.churned_mrr,
    endMrr: row.end_mrr,
    upsellCustomers: row.upsell_customers,
    upsellMrr: row.upsell_mrr,
    crossSellCustomers: row.cross_sell_customers,
    crossSellMrr: row.cross_sell_mrr,
  }));
}
