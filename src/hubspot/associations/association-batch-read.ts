import type { Client } from '@hubspot/api-client';
import { z } from 'zod';
import { withRetry, type RetryOptions } from '../client';

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

export type AssociationsOfRecord = z.infer<typeof associationsPageSchema>['results'][number];

/** A refused or failed answer, shaped like the official client's errors so `withRetry` reads its status. */
class AssociationsAnswerError extends Error {
  constructor(
    readonly code: number,
    readonly headers: Record<string, string>,
    readonly body: string,
    operation: string,
  ) {
    super(`HubSpot answered ${code} to ${operation}: ${body.slice(0, 300)}`);
    this.name = 'AssociationsAnswerError';
  }
}

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
      if (response.status !== 200 && response.status !== 207) {
        const headers: Record<string, string> = {};
        response.headers.forEach((value, name) => {
          headers[name.toLowerCase()] = value;
        });
        throw new AssociationsAnswerError(response.status, headers, text, operation);
      }
      return associationsPageSchema.parse(JSON.parse(text)).results;
    },
    retry,
  );
}
