import { playbooksPayloadSchema, type PlaybooksPayload } from '../shared/playbooks-payload';
import { errorMessage, type ManagerFetch } from './manager-api';

const timeoutMilliseconds = 15_000;

/** The playbooks data lives beside the portfolio's: `.../manager-portfolio` -> `.../manager-playbooks`. */
export function playbooksUrlBeside(portfolioDataUrl: string): string {
  return portfolioDataUrl.replace(/[^/]*$/, 'manager-playbooks');
}

export async function loadPlaybooks(
  fetchFromService: ManagerFetch,
  portfolioDataUrl: string,
): Promise<PlaybooksPayload> {
  const response = await fetchFromService(playbooksUrlBeside(portfolioDataUrl), {
    method: 'GET',
    timeout: timeoutMilliseconds,
  });
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) throw new Error(errorMessage(body, response.status));
  const parsed = playbooksPayloadSchema.safeParse(body);
  if (!parsed.success) throw new Error('The service sent data this page cannot read');
  return parsed.data;
}
