import type { Client } from '@hubspot/api-client';
import { FilterOperatorEnum as CompanyOperator } from '@hubspot/api-client/lib/codegen/crm/companies';
import { FilterOperatorEnum as DealOperator } from '@hubspot/api-client/lib/codegen/crm/deals';
import { withRetry, type RetryOptions } from '../client';
import { companyProperties, dealProperties, hubspotObjectSchema, type HubSpotObject } from './record-mapping';

/** HubSpot's search never pages past the 10,000th result of a query. */
const searchResultCap = 10_000;
export const modifiedPageSize = 100;
const modifiedProperty = 'hs_lastmodifieddate';
const idProperty = 'hs_object_id';
const companyOperators = { gte: CompanyOperator.Gte, lt: CompanyOperator.Lt, gt: CompanyOperator.Gt };
const dealOperators = { gte: DealOperator.Gte, lt: DealOperator.Lt, gt: DealOperator.Gt };

export type ModifiedObjectType = 'companies' | 'deals';

/**
 * Records modified in [from, to) (epoch ms), oldest first; `limit` 1 just counts them. With `idAbove`, only records
 * with a greater id, in id order instead.
 */
export interface ModifiedQuery {
  readonly from: number;
  readonly to: number;
  readonly limit: number;
  readonly after?: number;
  readonly idAbove?: string;
}

export interface ModifiedPage {
  readonly total: number;
  readonly results: HubSpotObject[];
}

export type ModifiedSearch = (query: ModifiedQuery) => Promise<ModifiedPage>;

function requestOf<Operator>(
  query: ModifiedQuery,
  properties: readonly string[],
  operators: { gte: Operator; lt: Operator; gt: Operator },
) {
  const idFilter =
    query.idAbove === undefined ? [] : [{ propertyName: idProperty, operator: operators.gt, value: query.idAbove }];
  return {
    filterGroups: [
      {
        filters: [
          { propertyName: modifiedProperty, operator: operators.gte, value: String(query.from) },
          { propertyName: modifiedProperty, operator: operators.lt, value: String(query.to) },
          ...idFilter,
        ],
      },
    ],
    sorts: [query.idAbove === undefined ? modifiedProperty : idProperty],
    properties: [...properties],
    limit: query.limit,
    ...(query.after ? { after: String(query.after) } : {}),
  };
}

function toPage(response: { total: number; results: unknown[] }): ModifiedPage {
  return { total: response.total, results: response.results.map((result) => hubspotObjectSchema.parse(result)) };
}

/** CRM search on hs_lastmodifieddate, with the properties the full sync reads. */
export function modifiedSearch(
  client: Client,
  objectType: ModifiedObjectType,
  retry: RetryOptions = {},
): ModifiedSearch {
  const operation = `POST /crm/v3/objects/${objectType}/search`;
  if (objectType === 'companies') {
    return async (query) =>
      toPage(
        await withRetry(
          operation,
          () => client.crm.companies.searchApi.doSearch(requestOf(query, companyProperties, companyOperators)),
          retry,
        ),
      );
  }
  return async (query) =>
    toPage(
      await withRetry(
        operation,
        () => client.crm.deals.searchApi.doSearch(requestOf(query, dealProperties, dealOperators)),
        retry,
      ),
    );
}

/** When a record was last modified, from its hs_lastmodifieddate (else HubSpot's updatedAt). */
export function modifiedAt(record: HubSpotObject): number | undefined {
  const text = record.properties[modifiedProperty];
  const parsed = text ? (/^[0-9]+$/.test(text) ? Number(text) : Date.parse(text)) : Number.NaN;
  if (Number.isFinite(parsed)) return parsed;
  return record.updatedAt?.getTime();
}

/**
 * Splits [from, to) in halves until every part holds at most `cap` records (a 1-result probe tells how many), so
 * no window's paging can reach the search's result cap. A single millisecond is never split: it is read by id.
 */
export async function windowsUnderCap(
  search: ModifiedSearch,
  from: number,
  to: number,
  cap: number = searchResultCap,
): Promise<Array<[number, number]>> {
  const windows: Array<[number, number]> = [];
  const pending: Array<[number, number]> = [[from, to]];
  while (pending.length > 0) {
    const [start, end] = pending.shift() as [number, number];
    const { total } = await search({ from: start, to: end, limit: 1 });
    if (total <= cap || end - start <= 1) {
      if (total > 0) windows.push([start, end]);
      continue;
    }
    const middle = start + Math.floor((end - start) / 2);
    pending.unshift([start, middle], [middle, end]);
  }
  return windows;
}
