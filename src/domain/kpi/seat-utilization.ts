// Reference only: the product computes KPIs in SQL (src/services/kpi); this exists to check it (test/kpi/sql-matches-domain.test.ts).
import { isContractActiveOn } from '../contracts/company-mrr';
import type { Contract } from '../contracts/contract-schema';
import { addDays, type CalendarDate } from '../time/calendar-date';
import { activeUsersByCompany, type LocalizedUsageEvent } from './active-users';
import { noValue, ratio, type KpiValue } from './kpi-value';

export type SeatUtilization = { companyId: string; activeUsers: number; seats: number | null; utilization: KpiValue };

/** Seats purchased on `day`: the seats of the core product's active contracts that state them. */
function seatsByCompany(
  contracts: readonly Contract[],
  day: CalendarDate,
  coreProductId: string,
): Map<string, number | null> {
  const seats = new Map<string, number | null>();
  for (const contract of contracts) {
    if (contract.product === coreProductId && isContractActiveOn(contract, day)) {
      const known = seats.get(contract.companyId) ?? null;
      seats.set(contract.companyId, contract.seats === null ? known : (known ?? 0) + contract.seats);
    }
  }
  return seats;
}

/** Active users in the window ending on `day` / core seats purchased x 100, per company with an active core contract. */
export function seatUtilizationByCompany(
  contracts: readonly Contract[],
  events: readonly LocalizedUsageEvent[],
  day: CalendarDate,
  windowDays: number,
  coreProductId: string,
): SeatUtilization[] {
  const activeUsers = activeUsersByCompany(events, addDays(day, 1 - windowDays), day);
  return [...seatsByCompany(contracts, day, coreProductId)].map(([companyId, seats]) => {
    const users = activeUsers.get(companyId) ?? 0;
    return {
      companyId,
      activeUsers: users,
      seats,
      utilization:
        seats === null
          ? noValue('percent', 'no seats on the active contracts')
          : ratio(users, seats, 'percent', 'zero seats purchased'),
    };
  });
}

/** Across companies that have seats: their active users over their seats. */
export function overallSeatUtilization(perCompany: readonly SeatUtilization[]): KpiValue {
  const withSeats = perCompany.filter((entry) => entry.seats !== null && entry.seats > 0);
  return ratio(
    withSeats.reduce((total, entry) => total + entry.activeUsers, 0),
    withSeats.reduce((total, entry) => total + (entry.seats ?? 0), 0),
    'percent',
    'no company with an active contract has seats',
  );
}
