// `mrrMovements` is the reference only (the product sums them in SQL); the rate formulas below are shared by both paths.
import { mrrByCompanyOnDay } from '../contracts/company-mrr';
import type { Contract } from '../contracts/contract-schema';
import type { CalendarDate } from '../time/calendar-date';
import type { Period } from '../time/periods';
import { ratio, type KpiValue } from './kpi-value';
import { noStartCustomersReason, noStartMrrReason, type PeriodStartBoundary } from './start-reasons';

/**
 * The MRR bridge of a period, in minor units. Over c in S: churned when its last-day MRR is 0,
 * expansion or contraction by the change otherwise; new MRR is the last-day MRR of E minus S.
 * start + new + expansion - contraction - churned = end, always.
 */
export type MrrMovements = {
  startMrr: number;
  newMrr: number;
  expansionMrr: number;
  contractionMrr: number;
  churnedMrr: number;
  endMrr: number;
};

/** `startDay` is where start MRR is measured: the period's first day by default (see `periodStartDay`). */
export function mrrMovements(
  contracts: readonly Contract[],
  period: Period,
  startDay: CalendarDate = period.firstDay,
): MrrMovements {
  const startByCompany = mrrByCompanyOnDay(contracts, startDay);
  const endByCompany = mrrByCompanyOnDay(contracts, period.lastDay);
  const movements: MrrMovements = {
    startMrr: 0,
    newMrr: 0,
    expansionMrr: 0,
    contractionMrr: 0,
    churnedMrr: 0,
    endMrr: 0,
  };
  for (const [companyId, start] of startByCompany) {
    const end = endByCompany.get(companyId) ?? 0;
    movements.startMrr += start;
    if (start === 0) {
      continue;
    }
    if (end === 0) {
      movements.churnedMrr += start;
    } else if (end > start) {
      movements.expansionMrr += end - start;
    } else {
      movements.contractionMrr += start - end;
    }
  }
  for (const [companyId, end] of endByCompany) {
    movements.endMrr += end;
    if ((startByCompany.get(companyId) ?? 0) === 0) {
      movements.newMrr += end;
    }
  }
  return movements;
}

/** NRR (seed 000): (start + expansion - contraction - churn) / start x 100 over the customers in S. */
export function netRevenueRetention(movements: MrrMovements, boundary: PeriodStartBoundary): KpiValue {
  const { startMrr, expansionMrr, contractionMrr, churnedMrr } = movements;
  return ratio(startMrr + expansionMrr - contractionMrr - churnedMrr, startMrr, 'percent', noStartMrrReason(boundary));
}

/** GRR: (start - contraction - churn) / start x 100; never above 100. */
export function grossRevenueRetention(movements: MrrMovements, boundary: PeriodStartBoundary): KpiValue {
  const { startMrr, contractionMrr, churnedMrr } = movements;
  return ratio(startMrr - contractionMrr - churnedMrr, startMrr, 'percent', noStartMrrReason(boundary));
}

/** (contraction + churn) / start x 100 = 100 - GRR. */
export function revenueChurnRate(movements: MrrMovements, boundary: PeriodStartBoundary): KpiValue {
  const { contractionMrr, churnedMrr, startMrr } = movements;
  return ratio(contractionMrr + churnedMrr, startMrr, 'percent', noStartMrrReason(boundary));
}

/** ARPA = start MRR / abs(S), in minor units. */
export function averageRevenuePerAccount(
  movements: MrrMovements,
  startCustomers: number,
  boundary: PeriodStartBoundary,
): KpiValue {
  return ratio(movements.startMrr, startCustomers, 'minor-units', noStartCustomersReason(boundary));
}
