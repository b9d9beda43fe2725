// Reference only: the product computes KPIs in SQL (src/services/kpi); this exists to check it (test/kpi/sql-matches-domain.test.ts).
import { customersOnDay, groupContractsByCompany, companyMrrOnDay } from '../contracts/company-mrr';
import type { Contract } from '../contracts/contract-schema';
import type { CalendarDate } from '../time/calendar-date';
import type { Period } from '../time/periods';
import { ratio, type KpiValue } from './kpi-value';
import { noStartCustomersReason, type PeriodStartBoundary } from './start-reasons';

/** Who was a customer on the day S is measured on (S) and on the period's last day (E), and the moves between. */
export type CustomerMovements = {
  start: ReadonlySet<string>;
  end: ReadonlySet<string>;
  /** E minus S. */
  added: ReadonlySet<string>;
  /** S minus E. */
  churned: ReadonlySet<string>;
  /** S and E. */
  retained: ReadonlySet<string>;
  /** Customers on some day of the period but in neither S nor E: joined and left inside it. */
  joinedAndLeft: ReadonlySet<string>;
};

function difference(left: ReadonlySet<string>, right: ReadonlySet<string>): Set<string> {
  return new Set([...left].filter((item) => !right.has(item)));
}

function intersection(left: ReadonlySet<string>, right: ReadonlySet<string>): Set<string> {
  return new Set([...left].filter((item) => right.has(item)));
}

/**
 * MRR only rises when a contract starts, so a company is a customer on some day of the period iff
 * it is one on the first day or on a contract start date inside the period.
 */
function customersDuringPeriod(contracts: readonly Contract[], period: Period): Set<string> {
  const customers = new Set<string>();
  for (const [companyId, companyContracts] of groupContractsByCompany(contracts)) {
    const checkDays = [period.firstDay, ...companyContracts.map((contract) => contract.startDate)].filter(
      (day) => day >= period.firstDay && day <= period.lastDay,
    );
    if (checkDays.some((day) => companyMrrOnDay(companyContracts, day) > 0)) {
      customers.add(companyId);
    }
  }
  return customers;
}

/** `startDay` is where S is measured: the period's first day by default (see `periodStartDay`). */
export function customerMovements(
  contracts: readonly Contract[],
  period: Period,
  startDay: CalendarDate = period.firstDay,
): CustomerMovements {
  const start = customersOnDay(contracts, startDay);
  const end = customersOnDay(contracts, period.lastDay);
  const during = customersDuringPeriod(contracts, period);
  return {
    start,
    end,
    added: difference(end, start),
    churned: difference(start, end),
    retained: intersection(start, end),
    joinedAndLeft: difference(difference(during, start), end),
  };
}

export function churnedCustomerCount(movements: CustomerMovements, countSamePeriodSignups: boolean): number {
  return movements.churned.size + (countSamePeriodSignups ? movements.joinedAndLeft.size : 0);
}

/** abs(S minus E) / abs(S) x 100 (seed 002: churned this month / customers at the end of last month). */
export function customerChurnRate(
  movements: CustomerMovements,
  countSamePeriodSignups: boolean,
  boundary: PeriodStartBoundary,
): KpiValue {
  return ratio(
    churnedCustomerCount(movements, countSamePeriodSignups),
    movements.start.size,
    'percent',
    noStartCustomersReason(boundary),
  );
}

/** (abs(E) - new) / abs(S) x 100, which is abs(S and E) / abs(S) x 100. */
export function customerRetentionRate(movements: CustomerMovements, boundary: PeriodStartBoundary): KpiValue {
  return ratio(
    movements.end.size - movements.added.size,
    movements.start.size,
    'percent',
    noStartCustomersReason(boundary),
  );
}
