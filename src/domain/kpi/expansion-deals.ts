// Reference only: the product computes KPIs in SQL (src/services/kpi); this exists to check it (test/kpi/sql-matches-domain.test.ts).
import type { Contract, DealKind } from '../contracts/contract-schema';
import { periodContains, type Period } from '../time/periods';
import { ratio, type KpiValue } from './kpi-value';
import { noStartCustomersReason, type PeriodStartBoundary } from './start-reasons';

export type ExpansionDeals = { rate: KpiValue; customers: number; mrrMinor: number };

/**
 * Upsell (kind 'upsell') or cross-sell (kind 'cross_sell'): the customers in S with such a deal closed
 * in the period, over abs(S); the MRR is the sum of those customers' deals of that kind closed in it.
 */
export function expansionDeals(
  contracts: readonly Contract[],
  period: Period,
  startCustomers: ReadonlySet<string>,
  kind: Extract<DealKind, 'upsell' | 'cross_sell'>,
  boundary: PeriodStartBoundary,
): ExpansionDeals {
  const deals = contracts.filter(
    (contract) =>
      contract.kind === kind && startCustomers.has(contract.companyId) && periodContains(period, contract.closeDate),
  );
  const customers = new Set(deals.map((contract) => contract.companyId)).size;
  return {
    rate: ratio(customers, startCustomers.size, 'percent', noStartCustomersReason(boundary)),
    customers,
    mrrMinor: deals.reduce((total, contract) => total + contract.mrrMinor, 0),
  };
}
