import type { Client } from '@hubspot/api-client';
import { z } from 'zod';
import { chunks } from '../../domain/collections/chunks';
import { batchReadSize, withRetry, type RetryOptions } from '../client';
import { answerHeaders } from '../limits/budget-decorator';
import { HubSpotAnswerError } from '../answer-error';

// HubSpot's date-based associations API: v4 (`/crm/v4/associations/...`), which the official client v13 types, is
// supported only until 2027-03-30 (https://developers.hubspot.com/changelog, "Legacy APIs and Apps"), and client v14,
// which types the dated paths, needs Node 22. The same reads go through the client's `apiRequest`, with its budget.
const version = '2026-03';

const associationsPageSchema = z.object({
  results: z.array(
    z.object({
      from: z.object({ id: z.union([z.string(), z.number()]).transform(String) }),
      to: z.array(
        z.object({
          toObjectId: z.union([z.string(), z.number()]).transform(String),
          associationTypes: z.array(z.object({ typeId: z.number().int(), label: z.string().nullish() }).loose()),
        }),
      ),
      paging: z
        .object({ next: z.object({ after: z.string() }).loose().optional() })
        .loose()
        .optional(),
    }),
  ),
});

type AssociationsOfRecord = z.infer<typeof associationsPageSchema>['results'][number];
export type AssociatedRecord = AssociationsOfRecord['to'][number];

/**
 * One page of each input record's associations to `toObjectType` (`POST /crm/associations/2026-03/{from}/{to}/batch/read`);
 * an input whose associations go on has `paging.next.after`, to be asked again with it. Records without any are
 * left out (HubSpot lists them as errors of a 207 answer).
 */
export async function readAssociationsBatch(
  client: Client,
  fromObjectType: string,
  toObjectType: string,
  inputs: ReadonlyArray<{ readonly id: string; readonly after?: string }>,
  retry: RetryOptions = {},
): Promise<AssociationsOfRecord[]> {
  const path = `/crm/associations/${version}/${fromObjectType}/${toObjectType}/batch/read`;
  const operation = `POST ${path}`;
  return withRetry(
    operation,
    async () => {
      const response = await client.apiRequest({ method: 'POST', path, body: { inputs } });
      const text = await response.text();
      if (response.status !== 200 && response.status !== 207)
        throw new HubSpotAnswerError(response.status, answerHeaders(response), text, response, operation);
      return associationsPageSchema.parse(JSON.parse(text)).results;
    },
    retry,
  );
}

/**
 * Every association of each record to `toObjectType`, a batch of records at a time, each record paging on its own:
 * one with more associations than an answer holds is asked again with its `after`.
 */
export async function readAllAssociations(
  client: Client,
  fromObjectType: string,
  toObjectType: string,
  ids: readonly string[],
  retry: RetryOptions = {},
): Promise<Map<string, AssociatedRecord[]>> {
  const associated = new Map<string, AssociatedRecord[]>();
  for (const chunk of chunks(ids, batchReadSize)) {
    let inputs: { id: string; after?: string }[] = chunk.map((id) => ({ id }));
    while (inputs.length > 0) {
      const results = await readAssociationsBatch(client, fromObjectType, toObjectType, inputs, retry);
      inputs = [];
      for (const result of results) {
        associated.set(result.from.id, [...(associated.get(result.from.id) ?? []), ...result.to]);
        const after = result.paging?.next?.after;
        if (after !== undefined) inputs.push({ id: result.from.id, after });
      }
    }
  }
  return associated;
}
