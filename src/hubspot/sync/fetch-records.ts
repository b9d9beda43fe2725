import type { Client } from '@hubspot/api-client';
import { readAllAssociations } from '../associations/association-batch-read';
import { batchReadSize, withRetry, type RetryOptions } from '../client';
import { hubSpotId } from '../hubspot-id';
import { companyProperties, dealProperties, hubspotObjectSchema, type HubSpotObject } from './record-mapping';
import { chunks } from '../../domain/collections/chunks';

export interface FetchedById {
  readonly found: HubSpotObject[];
  /** Ids HubSpot no longer has (deleted), or that read as another record (merged into it). */
  readonly missing: string[];
}

async function readById(
  ids: readonly string[],
  read: (chunk: string[]) => Promise<{ results: unknown[] }>,
): Promise<FetchedById> {
  const found = new Map<string, HubSpotObject>();
  for (const chunk of chunks([...new Set(ids)], batchReadSize)) {
    const response = await read(chunk);
    // Ids merged into one record each read as that record: it is kept once.
    for (const result of response.results) {
      const object = hubspotObjectSchema.parse(result);
      found.set(object.id, object);
    }
  }
  return { found: [...found.values()], missing: [...new Set(ids)].filter((id) => !found.has(id)) };
}

/** The current state of these companies, with the properties the full sync reads. */
export function fetchCompaniesById(
  client: Client,
  ids: readonly string[],
  retry: RetryOptions = {},
): Promise<FetchedById> {
  return readById(ids, (chunk) =>
    withRetry(
      'POST /crm/v3/objects/companies/batch/read',
      () =>
        client.crm.companies.batchApi.read({
          inputs: chunk.map((id) => ({ id })),
          properties: [...companyProperties],
          propertiesWithHistory: [],
        }),
      retry,
    ),
  );
}

// The associations API answers type ids; the v3 name of the primary type is what `dealCompanyIds` ranks first.
const primaryDealToCompanyTypeId = 5;

/** Adds each deal's company associations (a batch read) in the shape the v3 object endpoints inline them. */
export async function withDealCompanies(
  client: Client,
  deals: readonly HubSpotObject[],
  retry: RetryOptions = {},
): Promise<HubSpotObject[]> {
  const associated = await readAllAssociations(
    client,
    'deals',
    'companies',
    deals.map((deal) => deal.id),
    retry,
  );
  const companiesOf = (dealId: string) =>
    (associated.get(dealId) ?? []).flatMap((target) =>
      target.associationTypes.map((type) => ({
        id: hubSpotId(target.toObjectId),
        type: type.typeId === primaryDealToCompanyTypeId ? 'deal_to_company' : 'deal_to_company_unlabeled',
      })),
    );
  return deals.map((deal) => ({
    ...deal,
    associations: { ...deal.associations, companies: { results: companiesOf(deal.id) } },
  }));
}

/** The current state of these deals with their companies. */
export async function fetchDealsById(
  client: Client,
  ids: readonly string[],
  retry: RetryOptions = {},
): Promise<FetchedById> {
  const fetched = await readById(ids, (chunk) =>
    withRetry(
      'POST /crm/v3/objects/deals/batch/read',
      () =>
        client.crm.deals.batchApi.read({
          inputs: chunk.map((id) => ({ id })),
          properties: [...dealProperties],
          propertiesWithHistory: [],
        }),
      retry,
    ),
  );
  return { found: await withDealCompanies(client, fetched.found, retry), missing: fetched.missing };
}
