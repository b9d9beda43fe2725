import { z } from 'zod';
import type { RenewalPayload } from '../../../extensions/app/cards/shared/card-payload';
import type { CardContractRow, CardRows } from '../../db/repositories/company-card-repository';
import { isContractActiveOn } from '../../domain/contracts/company-mrr';
import { riskDriverSchema } from '../../domain/risk/risk-model';
import { daysBetween, type CalendarDate } from '../../domain/time/calendar-date';

const storedDriversSchema = z.array(riskDriverSchema.pick({ explanation: true, effect: true }));

function nextEnd(contracts: readonly CardContractRow[], asOf: CalendarDate): CalendarDate | null {
  return contracts
    .filter((contract) => isContractActiveOn(contract, asOf))
    .reduce<CalendarDate | null>(
      (earliest, contract) => (earliest === null || contract.endDate < earliest ? contract.endDate : earliest),
      null,
    );
}

/**
 * The company's next renewal (the earliest end among its active contracts), the MRR of the contracts ending then,
 * the churn risk the daily risk job stored for it, and its open renewal deal; null without an active contract.
 */
export function buildRenewalSection(
  rows: Pick<CardRows, 'contracts' | 'risk' | 'renewalDeal'>,
  asOf: CalendarDate,
  currency: string,
): RenewalPayload | null {
  const renewalDate = nextEnd(rows.contracts, asOf);
  if (renewalDate === null) return null;
  const amountMinor = rows.contracts
    .filter((contract) => isContractActiveOn(contract, asOf) && contract.endDate === renewalDate)
    .reduce((total, contract) => total + contract.mrrMinor, 0);
  const drivers = storedDriversSchema.safeParse(rows.risk?.drivers ?? []);
  const deal = rows.renewalDeal;
  return {
    renewalDate,
    daysToRenewal: daysBetween(asOf, renewalDate),
    amountUp: { amountMinor, currency },
    risk:
      rows.risk === null
        ? null
        : {
            churnPercent:
              rows.risk.churnProbability === null ? null : Math.round(rows.risk.churnProbability * 1000) / 10,
            method: rows.risk.method,
            reason: rows.risk.reason,
            drivers: drivers.success ? drivers.data.map(({ explanation, effect }) => ({ explanation, effect })) : [],
            asOf: rows.risk.asOf,
          },
    renewalDeal:
      deal === null
        ? null
        : {
            dealId: deal.dealId,
            name: deal.name ?? `Deal ${deal.dealId}`,
            stage: deal.stage,
            closeDate: deal.closeDate,
          },
  };
}
