import { Client } from '@hubspot/api-client';
import { withRetry, type RetryOptions } from '../client';

export type AppRemoval = 'removed' | 'already_gone';

class RemovalAnswerError extends Error {
  constructor(readonly code: number) {
    super(`HubSpot answered ${code} to the app removal`);
  }
}

/**
 * Removes the app from the account the access token belongs to (`DELETE /appinstalls/2026-03/external-install`):
 * HubSpot drops every token, card and webhook subscription of the install and mails the account's super admins.
 * A 401 means the token (so the install) is already gone.
 */
export async function removeAppFromAccount(input: {
  accessToken: string;
  baseUrl?: string;
  retry?: RetryOptions;
}): Promise<AppRemoval> {
  const client = new Client({
    accessToken: input.accessToken,
    numberOfApiCallRetries: 0,
    ...(input.baseUrl ? { basePath: input.baseUrl.replace(/\/$/, '') } : {}),
  });
  return withRetry(
    'the app removal',
    async () => {
      const response = await client.apiRequest({ method: 'DELETE', path: '/appinstalls/2026-03/external-install' });
      await response.arrayBuffer();
      if (response.status === 204 || response.status === 200) return 'removed';
      if (response.status === 401) return 'already_gone';
      throw new RemovalAnswerError(response.status);
    },
    input.retry,
  );
}
