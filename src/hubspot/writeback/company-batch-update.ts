import type { Client } from '@hubspot/api-client';
import { withRetry, type RetryOptions } from '../client';

/** HubSpot's limit on inputs per batch call. */
export const batchUpdateLimit = 100;

export interface CompanyUpdate {
  readonly id: string;
  readonly properties: Record<string, string>;
}

/**
 * One companies batch update (at most 100 inputs), retried on 429, 5xx and network failures; returns the ids
 * HubSpot updated. A 207 lists the companies it could not find: those are simply not among the ids.
 */
export async function updateCompaniesBatch(
  client: Client,
  updates: readonly CompanyUpdate[],
  retry: RetryOptions,
): Promise<Set<string>> {
  if (updates.length > batchUpdateLimit)
    throw new RangeError(`at most ${batchUpdateLimit} companies per batch update, got ${updates.length}`);
  const response = await withRetry(
    'POST /crm/v3/objects/companies/batch/update',
    () =>
      client.crm.companies.batchApi.update({
        inputs: updates.map((update) => ({ id: update.id, properties: update.properties })),
      }),
    retry,
  );
  return new Set(response.results.map((company) => company.id));
}
