import { renewalsPayloadSchema, type RenewalsPayload, type RenewalsQuery } from '../shared/renewals-payload';
import { loadPagePayload, type ManagerFetch } from './manager-api';

/** The renewals data lives beside the portfolio's: `.../manager-portfolio` -> `.../manager-renewals`. */
export function renewalsUrlBeside(portfolioDataUrl: string): string {
  return portfolioDataUrl.replace(/[^/]*$/, 'manager-renewals');
}

export function loadRenewals(
  fetchFromService: ManagerFetch,
  portfolioDataUrl: string,
  query: RenewalsQuery,
): Promise<RenewalsPayload> {
  const parameters = new URLSearchParams({ within: String(query.within) });
  if (query.csm !== undefined) parameters.set('csm', query.csm);
  return loadPagePayload(
    fetchFromService,
    `${renewalsUrlBeside(portfolioDataUrl)}?${parameters.toString()}`,
    renewalsPayloadSchema,
  );
}
