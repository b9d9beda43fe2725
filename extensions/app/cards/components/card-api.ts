import {
  cardActionPaths,
  companyHealthCardPayloadSchema,
  type CardActionName,
  type CompanyHealthCardPayload,
} from '../shared/card-payload';

/** hubspot.fetch's shape; the preview passes the browser's fetch to its own endpoint instead. */
export type CardFetch = (
  url: string,
  options?: { method?: 'GET' | 'POST'; timeout?: number; body?: Record<string, unknown> },
) => Promise<Response>;

export interface CardApi {
  load(companyId: string): Promise<CompanyHealthCardPayload>;
  act(action: CardActionName, body: Record<string, unknown>): Promise<CompanyHealthCardPayload>;
}

const timeoutMilliseconds = 15_000;

async function readPayload(response: Response): Promise<CompanyHealthCardPayload> {
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const message =
      typeof body === 'object' &&
      body !== null &&
      'error' in body &&
      typeof body.error === 'object' &&
      body.error !== null &&
      'message' in body.error
        ? String(body.error.message)
        : `The service answered ${response.status}`;
    throw new Error(message);
  }
  const parsed = companyHealthCardPayloadSchema.safeParse(body);
  if (!parsed.success) throw new Error('The service sent data this card cannot read');
  return parsed.data;
}

export function createCardApi(fetchFromService: CardFetch, dataUrl: string): CardApi {
  return {
    async load(companyId) {
      return readPayload(
        await fetchFromService(`${dataUrl}?companyId=${encodeURIComponent(companyId)}`, {
          method: 'GET',
          timeout: timeoutMilliseconds,
        }),
      );
    },
    async act(action, body) {
      return readPayload(
        await fetchFromService(`${dataUrl}${cardActionPaths[action]}`, {
          method: 'POST',
          timeout: timeoutMilliseconds,
          body,
        }),
      );
    },
  };
}
