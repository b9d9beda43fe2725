import { renewalsPayloadSchema, type RenewalsPayload, type RenewalsQuery } from '../shared/renewals-payload';
import { errorMessage, type ManagerFetch } from './manager-api';

const timeoutMilliseconds = 15_000;

/** The renewals data lives beside the portfolio's: `.../manager-portfolio` -> `.../manager-renewals`. */
export function renewalsUrlBeside(portfolioDataUrl: string): string {
  return portfolioDataUrl.replace(/[^/]*$/, 'manager-renewals');
}

export async function loadRenewals(
  fetchFromService: ManagerFetch,
  portfolioDataUrl: string,
  query: RenewalsQuery,
): Promise<RenewalsPayload> {
  const parameters = new URLSearchParams({ within: String(query.within) });
  if (query.csm !== undefined) parameters.set('csm', query.csm);
  const response = await fetchFromService(`${renewalsUrlBeside(portfolioDataUrl)}?${parameters.toString()}`, {
    method: 'GET',
    timeout: timeoutMilliseconds,
  });
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) throw new Error(errorMessage(body, response.status));
  const parsed = renewalsPayloadSchema.safeParse(body);
  if (!parsed.success) throw new Error('The service sent data this page cannot read');
  return parsed.data;
}
