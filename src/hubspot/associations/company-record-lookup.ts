import type { Client } from '@hubspot/api-client';
import { chunks } from '../../domain/collections/chunks';
import { batchReadSize, withRetry } from '../client';
import { readAllAssociations } from './association-batch-read';

export type CompanyRecordType = 'deals' | 'tasks' | 'notes';

export interface ReadRecord {
  readonly id: string;
  readonly properties: Readonly<Record<string, string | null>>;
}

function batchApiOf(client: Client, type: CompanyRecordType) {
  if (type === 'deals') return client.crm.deals.batchApi;
  return type === 'tasks' ? client.crm.objects.tasks.batchApi : client.crm.objects.notes.batchApi;
}

function newestIdFirst(left: string, right: string): number {
  return right.length - left.length || (right < left ? -1 : right > left ? 1 : 0);
}

/**
 * The first of the company's deals, tasks or notes that `matches`, read through its associations and by id, newest
 * id first. A create whose answer was lost is looked for this way, not by the CRM search, whose index trails writes
 * ("It may take a few moments for newly created or updated CRM objects to appear in search results"): a search
 * right after would miss the record, and a second create would follow.
 */
export async function findCompanyRecord(
  client: Client,
  companyId: string,
  type: CompanyRecordType,
  properties: readonly string[],
  matches: (record: ReadRecord) => boolean,
): Promise<string | undefined> {
  const associated = (await readAllAssociations(client, 'companies', type, [companyId])).get(companyId) ?? [];
  const ids = [...new Set(associated.map((record) => record.toObjectId))].sort(newestIdFirst);
  for (const batch of chunks(ids, batchReadSize)) {
    const page = await withRetry(`read the company's ${type}`, () =>
      batchApiOf(client, type).read({
        inputs: batch.map((id) => ({ id })),
        properties: [...properties],
        propertiesWithHistory: [],
      }),
    );
    const match = page.results.find(matches);
    if (match) return match.id;
  }
  return undefined;
}
