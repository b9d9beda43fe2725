import { companyMrrOnDay } from '../contracts/company-mrr';
import type { Contract } from '../contracts/contract-schema';
import type { RenewalRecord } from '../renewals/renewal-records';
import { addDays, type CalendarDate } from '../time/calendar-date';

/** A run's company churned when its MRR fell to zero within this many days of the run opening. */
export const churnWindowDays = 90;

/**
 * 1 when the company renewed (also expanded or contracted but stayed) at its first renewal due on or after
 * the run opened, 0 when it churned there; null while that renewal is pending or none is due yet.
 */
export function renewedAtNextRenewal(records: readonly RenewalRecord[], openedOn: CalendarDate): number | null {
  let next: RenewalRecord | undefined;
  for (const record of records)
    if (record.renewalDate >= openedOn && (next === undefined || record.renewalDate < next.renewalDate)) next = record;
  if (next === undefined || next.outcome === 'pending') return null;
  return next.outcome === 'churned' ? 0 : 1;
}

/**
 * 1 when the company, a customer the day the run opened, had no MRR on some day of the 90 that follow; 0 when
 * it stayed a customer throughout; null while the 90 days are not over, or when it was no customer at opening.
 */
export function churnedWithin90Days(
  contracts: readonly Contract[],
  openedOn: CalendarDate,
  asOf: CalendarDate,
): number | null {
  const windowEnd = addDays(openedOn, churnWindowDays);
  if (windowEnd > asOf || companyMrrOnDay(contracts, openedOn) === 0) return null;
  // MRR only changes on a contract's start or end day: checking the end days in the window (and its last day) is enough.
  const days = contracts
    .map((contract) => contract.endDate)
    .filter((day) => day > openedOn && day <= windowEnd)
    .concat(windowEnd);
  return days.some((day) => companyMrrOnDay(contracts, day) === 0) ? 1 : 0;
}
