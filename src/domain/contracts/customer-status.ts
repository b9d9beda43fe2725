export type CustomerStatus = 'customer' | 'upcoming' | 'former_customer' | 'prospect';

export interface ContractCounts {
  /** MRR of the contracts active on the day measured. */
  readonly mrrMinor: number;
  readonly contractCount: number;
  /** Contracts that start after the day measured. */
  readonly upcomingContractCount: number;
}

/** A customer has MRR on the day (domain §1.1). */
export function isCustomer(counts: Pick<ContractCounts, 'mrrMinor'>): boolean {
  return counts.mrrMinor > 0;
}

/** A customer has MRR on the day (domain §1.1); without it, what its contracts say about it. */
export function customerStatusOf(counts: ContractCounts): CustomerStatus {
  if (isCustomer(counts)) return 'customer';
  if (counts.upcomingContractCount > 0) return 'upcoming';
  return counts.contractCount > 0 ? 'former_customer' : 'prospect';
}

/** How many of these companies are customers on the day their contracts were counted on. */
export function countCustomers(companies: Iterable<Pick<ContractCounts, 'mrrMinor'>>): number {
  let customers = 0;
  for (const counts of companies) {
    if (isCustomer(counts)) customers += 1;
  }
  return customers;
}
