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
export function errorMessage(body: unknown, status: number): string {
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

export function createManagerApi(fetchFromService: ManagerFetch, dataUrl: string): ManagerApi {
  return {
    async load(cut) {
      const response = await fetchFromService(`${dataUrl}?cut=${encodeURIComponent(cut)}`, {
        method: 'GET',
        timeout: timeoutMilliseconds,
      });
      const body: unknown = await response.json().catch(() => null);
      if (!response.ok) throw new Error(errorMessage(body, response.status));
      const parsed = managerPortfolioPayloadSchema.safeParse(body);
      if (!parsed.success) throw new Error('The service sent data this page cannot read');
      return parsed.data;
    },
  };
}
