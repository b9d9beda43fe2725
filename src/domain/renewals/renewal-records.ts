import { z } from 'zod';
import type { Contract } from '../contracts/contract-schema';
import { companyMrrOnDay, groupContractsByCompany } from '../contracts/company-mrr';
import { addDays, calendarDateSchema, type CalendarDate } from '../time/calendar-date';

export const renewalOutcomeSchema = z.enum(['renewed', 'expanded', 'contracted', 'churned', 'pending']);
export type RenewalOutcome = z.infer<typeof renewalOutcomeSchema>;

export const renewalSettingsSchema = z.object({
  // A successor may start this many days before the end (an early renewal) ...
  leadDays: z.number().int().nonnegative().default(30),
  // ... or this many days after it (a late signature); until then the outcome is pending.
  graceDays: z.number().int().nonnegative().default(30),
});
export type RenewalSettings = z.infer<typeof renewalSettingsSchema>;

export const renewalRecordSchema = z.object({
  companyId: z.string(),
  /** The contracts' end date (exclusive), the day the renewal is due. */
  renewalDate: calendarDateSchema,
  dealIds: z.array(z.string()),
  /** The recurring amount of the contracts ending that day, in minor units. */
  amountMinor: z.number().int().nonnegative(),
  successorDealIds: z.array(z.string()),
  renewedAmountMinor: z.number().int().nonnegative(),
  outcome: renewalOutcomeSchema,
  /** The day the outcome became known: the successor's close date, or the end of the grace period. */
  decidedOn: calendarDateSchema.nullable(),
});
export type RenewalRecord = z.infer<typeof renewalRecordSchema>;

function isMidTermPurchase(contract: Contract, renewalDate: CalendarDate): boolean {
  return contract.startDate < renewalDate && (contract.kind === 'upsell' || contract.kind === 'cross_sell');
}

function successorsOf(
  contracts: readonly Contract[],
  renewalDate: CalendarDate,
  settings: RenewalSettings,
): Contract[] {
  const earliest = addDays(renewalDate, -settings.leadDays);
  const latest = addDays(renewalDate, settings.graceDays);
  return contracts.filter(
    (contract) =>
      contract.startDate >= earliest &&
      contract.startDate <= latest &&
      contract.endDate > renewalDate &&
      !isMidTermPurchase(contract, renewalDate),
  );
}

function outcomeOf(amount: number, renewed: number, stillCustomer: boolean): Exclude<RenewalOutcome, 'pending'> {
  if (renewed === 0) return stillCustomer ? 'contracted' : 'churned';
  if (renewed > amount) return 'expanded';
  return renewed < amount ? 'contracted' : 'renewed';
}

function companyRenewals(
  contracts: readonly Contract[],
  asOf: CalendarDate,
  settings: RenewalSettings,
): RenewalRecord[] {
  const known = contracts.filter((contract) => contract.closeDate <= asOf);
  const byEnd = new Map<CalendarDate, Contract[]>();
  for (const contract of known) byEnd.set(contract.endDate, [...(byEnd.get(contract.endDate) ?? []), contract]);
  return [...byEnd.entries()].map(([renewalDate, ending]) => {
    const amountMinor = ending.reduce((sum, contract) => sum + contract.mrrMinor, 0);
    const successors = successorsOf(known, renewalDate, settings);
    const renewedAmountMinor = successors.reduce((sum, contract) => sum + contract.mrrMinor, 0);
    const graceEnd = addDays(renewalDate, settings.graceDays);
    const base = {
      companyId: ending[0]?.companyId ?? '',
      renewalDate,
      dealIds: ending.map((contract) => contract.dealId).sort(),
      amountMinor,
      successorDealIds: successors.map((contract) => contract.dealId).sort(),
      renewedAmountMinor,
    };
    if (successors.length === 0 && graceEnd > asOf) return { ...base, outcome: 'pending', decidedOn: null };
    // A company that keeps other lines after the grace period lost revenue, not the customer (domain §3).
    const stillCustomer = companyMrrOnDay(known, graceEnd) > 0;
    const decidedOn =
      successors.length === 0 ? graceEnd : (successors.map((contract) => contract.closeDate).sort()[0] ?? graceEnd);
    return { ...base, outcome: outcomeOf(amountMinor, renewedAmountMinor, stillCustomer), decidedOn };
  });
}

/**
 * One renewal per company and contract end date (co-termed contracts renew together). The outcome
 * compares the ending contracts' MRR with the MRR of the contracts that follow them; only contracts
 * closed on or before `asOf` exist for it.
 */
export function renewalRecords(
  contracts: readonly Contract[],
  asOf: CalendarDate,
  settings: Partial<RenewalSettings> = {},
): RenewalRecord[] {
  const parsed = renewalSettingsSchema.parse(settings);
  const records: RenewalRecord[] = [];
  for (const companyContracts of groupContractsByCompany(contracts).values()) {
    records.push(...companyRenewals(companyContracts, asOf, parsed));
  }
  return records.sort((first, second) =>
    first.renewalDate === second.renewalDate
      ? first.companyId.localeCompare(second.companyId)
      : first.renewalDate < second.renewalDate
        ? -1
        : 1,
  );
}
