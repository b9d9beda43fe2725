import type { Client } from '@hubspot/api-client';
import { createLogger } from '../../src/config/logger';
import type { DatabaseHandle } from '../../src/db/client';
import { createHubSpotClient } from '../../src/hubspot/client';
import { fetchPortalDetails } from '../../src/hubspot/portal-details';
import { runFullSync } from '../../src/services/sync/full-sync';
import { fixtureSchema, type FixtureInput } from '../../src/sandbox/fixture-schema';
import { createSandbox, type RunningSandbox, type Sandbox } from '../../src/sandbox/server';
import type { DatabaseTarget } from '../support/databases';
import { appInputProperties } from '../support/portal-properties';

export const portalId = 4242;
export const logger = createLogger('silent');
// A Friday morning in New York, two days before the clocks go forward.
export const friday = new Date('2026-03-06T15:00:00Z');

export const owners = {
  salesRep: { id: '101', email: 'sam.sales@example.test', firstName: 'Sam', lastName: 'Sales' },
  csmAda: { id: '201', email: 'ada@example.test', firstName: 'Ada', lastName: 'Care' },
  csmBen: { id: '202', email: 'ben@example.test', firstName: 'Ben', lastName: 'Care' },
};

export const completeDealProperties = {
  dealstage: 'closedwon',
  pipeline: 'default',
  amount: '12000',
  closedate: '2026-03-05T16:00:00Z',
  dealtype: 'newbusiness',
  cs_contract_start: '2026-03-10',
  cs_seats: '20',
  cs_product: 'core',
  cs_term_months: '12',
};

export function handoffFixture(extra: Partial<FixtureInput> = {}) {
  return fixtureSchema.parse({
    portal: { id: portalId, timeZone: 'America/New_York', currency: 'USD' },
    owners: Object.values(owners),
    properties: appInputProperties,
    ...extra,
  });
}

export interface Running {
  readonly sandbox: Sandbox;
  readonly client: Client;
  readonly handle: DatabaseHandle;
  /** Brings the local database up to date with the sandbox, as the webhook processing would. */
  sync(): Promise<void>;
  close(): Promise<void>;
}

export async function startHandoffHarness(
  target: DatabaseTarget,
  fixture: ReturnType<typeof handoffFixture>,
): Promise<Running> {
  const sandbox = createSandbox({ fixture, rateLimit: false });
  const server: RunningSandbox = await sandbox.start(0);
  const client = createHubSpotClient({ accessToken: 'test-token', baseUrl: server.url, requestsPer10Seconds: 10_000 });
  const handle = await target.open();
  const sync = async () => {
    await runFullSync({ client, db: handle.db, portal: await fetchPortalDetails(client) });
  };
  await sync();
  return {
    sandbox,
    client,
    handle,
    sync,
    close: async () => {
      await handle.close();
      await server.close();
    },
  };
}

export const fastRetry = { minTimeoutMs: 5, retries: 6 };
