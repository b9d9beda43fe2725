import type { RevenuePayload } from '../../../extensions/app/cards/shared/card-payload';
import type { CardContractRow } from '../../db/repositories/company-card-repository';
import { isContractActiveOn } from '../../domain/contracts/company-mrr';
import { customerStatusOf, type CustomerStatus } from '../../domain/contracts/customer-status';
import { daysBetween, type CalendarDate } from '../../domain/time/calendar-date';
import { findProduct } from '../../domain/catalog/catalog-queries';
import type { CatalogSettings } from '../../domain/catalog/catalog-settings';
import { contractKindLabels } from '../wording/labels';
import { inWords } from '../../domain/text/in-words';

export interface RevenueSection {
  readonly revenue: RevenuePayload;
  readonly status: CustomerStatus;
  /** Seats of the active core-product contracts that state them; null when none does. */
  readonly seats: number | null;
}

function contractStatus(contract: CardContractRow, asOf: CalendarDate): 'active' | 'upcoming' | 'ended' {
  if (isContractActiveOn(contract, asOf)) return 'active';
  return contract.startDate > asOf ? 'upcoming' : 'ended';
}

/**
 * MRR, ARR, renewal and contract history on `asOf` (domain §1.1), newest contract first. Seats are those of
 * the product users sign in to (the catalog's core product), as the health score counts them.
 */
export function buildRevenueSection(
  contracts: readonly CardContractRow[],
  asOf: CalendarDate,
  currency: string,
  catalog: CatalogSettings,
): RevenueSection {
  const seatProductId = catalog.coreProductId;
  const active = contracts.filter((contract) => isContractActiveOn(contract, asOf));
  const mrrMinor = active.reduce((total, contract) => total + contract.mrrMinor, 0);
  const renewalDate = active.reduce<CalendarDate | null>(
    (latest, contract) => (latest === null || contract.endDate > latest ? contract.endDate : latest),
    null,
  );
  const statedSeats = active.filter((contract) => contract.product === seatProductId && contract.seats !== null);
  const seats =
    statedSeats.length === 0 ? null : statedSeats.reduce((total, contract) => total + (contract.seats ?? 0), 0);
  const upcoming = contracts.filter((contract) => contract.startDate > asOf);
  const status = customerStatusOf({
    mrrMinor,
    contractCount: contracts.length,
    upcomingContractCount: upcoming.length,
  });
  const history = [...contracts]
    .sort((left, right) => right.startDate.localeCompare(left.startDate) || left.dealId.localeCompare(right.dealId))
    .map((contract) => ({
      dealId: contract.dealId,
      dealName: contract.dealName ?? `Deal ${contract.dealId}`,
      kind: contract.kind,
      kindLabel: contractKindLabels[contract.kind] ?? inWords(contract.kind),
      product: contract.product,
      productName: findProduct(catalog, contract.product)?.name ?? inWords(contract.product),
      mrr: { amountMinor: contract.mrrMinor, currency },
      startDate: contract.startDate,
      endDate: contract.endDate,
      seats: contract.seats,
      status: contractStatus(contract, asOf),
    }));
  return {
    status,
    seats,
    revenue: {
      mrr: { amountMinor: mrrMinor, currency },
      arr: { amountMinor: mrrMinor * 12, currency },
      renewalDate,
      daysToRenewal: renewalDate === null ? null : daysBetween(asOf, renewalDate),
      contracts: history,
    },
  };
}
