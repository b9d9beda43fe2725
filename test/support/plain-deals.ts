import type { DealInput, DealToContractOptions } from '../../src/domain/contracts/contract-schema';
import { contractsOfDeals, type RenewalRule } from '../../src/domain/contracts/renewal-recognition';

const options = { timeZone: 'UTC', closedWonStageIds: ['closedwon'] };

/**
 * A closed-won deal as a portal without the app's properties records it: its close date is its start, its kind
 * HubSpot's deal type ("Existing business" unless `properties` say otherwise), 12,000 for its year.
 */
export function plainDeal(
  id: string,
  closedOn: string,
  properties: Record<string, string> = {},
  company = 'c1',
): DealInput {
  return {
    id,
    companyIds: [company],
    properties: {
      dealstage: 'closedwon',
      closedate: `${closedOn}T15:00:00.000Z`,
      amount: '12000',
      dealtype: 'existingbusiness',
      ...properties,
    },
  };
}

/** Each deal's contract under `rule` (and the portal's readings in `readings`), shown by `show`. */
export function contractsShown(
  deals: readonly DealInput[],
  rule: RenewalRule,
  show: (contract: ReturnType<typeof contractsOfDeals>[number] & { isContract: true }) => string,
  readings: Pick<DealToContractOptions, 'dealTypes'> = {},
): string[] {
  return contractsOfDeals(deals, { ...options, ...readings }, rule).map((result) =>
    result.isContract ? show(result) : `${result.dealId} no contract`,
  );
}
