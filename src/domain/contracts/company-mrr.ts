import type { CalendarDate } from '../time/calendar-date';
import type { Contract } from './contract-schema';

type ContractDays = Pick<Contract, 'startDate' | 'endDate'>;

/** Active on d when start <= d < end (the end date is exclusive). */
export function isContractActiveOn(contract: ContractDays, date: CalendarDate): boolean {
  return contract.startDate <= date && date < contract.endDate;
}

/** The sum of the recurring amounts of the given contracts active on `date`, in minor units. */
export function companyMrrOnDay(contracts: readonly Contract[], date: CalendarDate): number {
  let total = 0;
  for (const contract of contracts) {
    if (isContractActiveOn(contract, date)) {
      total += contract.mrrMinor;
    }
  }
  return total;
}

/** MRR on `date` of every company with at least one active contract (zero-priced contracts give 0). */
export function mrrByCompanyOnDay(contracts: readonly Contract[], date: CalendarDate): Map<string, number> {
  const totals = new Map<string, number>();
  for (const contract of contracts) {
    if (isContractActiveOn(contract, date)) {
      totals.set(contract.companyId, (totals.get(contract.companyId) ?? 0) + contract.mrrMinor);
    }
  }
  return totals;
}

/** A company is a customer on d when its MRR on d is above zero (domain §1.1). */
export function customersOnDay(contracts: readonly Contract[], date: CalendarDate): Set<string> {
  const customers = new Set<string>();
  for (const [companyId, mrr] of mrrByCompanyOnDay(contracts, date)) {
    if (mrr > 0) {
      customers.add(companyId);
    }
  }
  return customers;
}

export function isCustomerOnDay(contracts: readonly Contract[], companyId: string, date: CalendarDate): boolean {
  return (
    companyMrrOnDay(
      contracts.filter((contract) => contract.companyId === companyId),
      date,
    ) > 0
  );
}

export function groupContractsByCompany(contracts: readonly Contract[]): Map<string, Contract[]> {
  const groups = new Map<string, Contract[]>();
  for (const contract of contracts) {
    const group = groups.get(contract.companyId);
    if (group) {
      group.push(contract);
    } else {
      groups.set(contract.companyId, [contract]);
    }
  }
  return groups;
}
