import type { Client } from '@hubspot/api-client';
import { z } from 'zod';
import type { PortalDetails } from '../db/repositories/portals-repository';
import { withRetry, type RetryOptions } from './client';

const accountDetailsSchema = z.object({
  portalId: z.number().int().positive(),
  timeZone: z.string().min(1).default('UTC'),
  companyCurrency: z.string().length(3).default('USD'),
});

/**
 * The portal behind the token: its id, time zone and currency (account-info v3). That answer has no account name:
 * its `uiDomain` is HubSpot's app host (app.hubspot.com, app-eu1.hubspot.com), the same for every portal, so a portal
 * is named by its OAuth installation's hub domain instead.
 */
export async function fetchPortalDetails(client: Client, retry: RetryOptions = {}): Promise<PortalDetails> {
  const response = await withRetry(
    'GET /account-info/v3/details',
    async () => {
      const answer = await client.apiRequest({ method: 'GET', path: '/account-info/v3/details' });
      if (!answer.ok) throw Object.assign(new Error(`account-info answered ${answer.status}`), { code: answer.status });
      return (await answer.json()) as unknown;
    },
    retry,
  );
  const details = accountDetailsSchema.parse(response);
  return {
    id: details.portalId,
    timeZone: details.timeZone,
    currency: details.companyCurrency,
    name: null,
  };
}
