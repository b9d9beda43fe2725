import { playbooksPayloadSchema, type PlaybooksPayload } from '../shared/playbooks-payload';
import { loadPagePayload, type ManagerFetch } from './manager-api';

/** The playbooks data lives beside the portfolio's: `.../manager-portfolio` -> `.../manager-playbooks`. */
export function playbooksUrlBeside(portfolioDataUrl: string): string {
  return portfolioDataUrl.replace(/[^/]*$/, 'manager-playbooks');
}

export function loadPlaybooks(fetchFromService: ManagerFetch, portfolioDataUrl: string): Promise<PlaybooksPayload> {
  return loadPagePayload(fetchFromService, playbooksUrlBeside(portfolioDataUrl), playbooksPayloadSchema);
}
