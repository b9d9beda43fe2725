import type { z } from 'zod';
import {
  managerPortfolioPayloadSchema,
  type ManagerCut,
  type ManagerPortfolioPayload,
} from '../shared/manager-payload';

/** hubspot.fetch's shape; the preview passes the browser's fetch to its own endpoint instead. */
export type ManagerFetch = (url: string, options?: { method?: 'GET'; timeout?: number }) => Promise<Response>;

export interface ManagerApi {
  load(cut: ManagerCut): Promise<ManagerPortfolioPayload>;
}

const timeoutMilliseconds = 15_000;

/** The service's error message, else its status in words. */
function errorMessage(body: unknown, status: number): string {
  if (
    typeof body === 'object' &&
    body !== null &&
    'error' in body &&
    typeof body.error === 'object' &&
    body.error !== null &&
    'message' in body.error
  ) {
    return String(body.error.message);
  }
  return `The service answered ${status}`;
}

/** GETs `url` from the service and parses the answer with `schema`; a failure throws the message a manager reads. */
export async function loadPagePayload<Payload>(
  fetchFromService: ManagerFetch,
  url: string,
  schema: z.ZodType<Payload>,
): Promise<Payload> {
  const response = await fetchFromService(url, { method: 'GET', timeout: timeoutMilliseconds });
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) throw new Error(errorMessage(body, response.status));
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new Error('The service sent data this page cannot read');
  return parsed.data;
}

export function createManagerApi(fetchFromService: ManagerFetch, dataUrl: string): ManagerApi {
  return {
    load: (cut) =>
      loadPagePayload(fetchFromService, `${dataUrl}?cut=${encodeURIComponent(cut)}`, managerPortfolioPayloadSchema),
  };
}
