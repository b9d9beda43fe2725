import type { Client } from '@hubspot/api-client';
import { createLogger } from '../../src/config/logger';
import type { DatabaseHandle } from '../../src/db/client';
import { upsertCompanies } from '../../src/db/repositories/companies-repository';
import { replaceContractsForDeals, type ContractRow } from '../../src/db/repositories/contracts-repository';
import { upsertPortal } from '../../src/db/repositories/portals-repository';
import { createHubSpotClient } from '../../src/hubspot/client';
import { fixtureSchema, type FixtureInput } from '../../src/sandbox/fixture-schema';
import { createSandbox, type RunningSandbox, type Sandbox } from '../../src/sandbox/server';
import type { WriteBackDependencies } from '../../src/services/writeback/company-writeback';
import type { DatabaseTarget } from '../support/databases';

export const portalId = 5151;
export const logger = createLogger('silent');
export const today = new Date('2026-03-06T15:00:00Z');
export const batchUpdateRoute = 'POST /crm/v3/objects/companies/batch/update';

export interface WriteBackHarness {
  readonly sandbox: Sandbox;
  readonly client: Client;
  readonly handle: DatabaseHandle;
  deps(extra?: Partial<WriteBackDependencies>): WriteBackDependencies;
  close(): Promise<void>;
}

export async function startWriteBackHarness(
  target: DatabaseTarget,
  fixture: Partial<FixtureInput>,
): Promise<WriteBackHarness> {
  const sandbox = createSandbox({
    fixture: fixtureSchema.parse({ portal: { id: portalId, timeZone: 'Europe/Berlin', currency: 'EUR' }, ...fixture }),
    rateLimit: false,
  });
  const server: RunningSandbox = await sandbox.start(0);
  const client = createHubSpotClient({ accessToken: 'test-token', baseUrl: server.url, requestsPer10Seconds: 10_000 });
  const handle = await target.open();
  await upsertPortal(handle.db, { id: portalId, timeZone: 'Europe/Berlin', currency: 'EUR' });
  return {
    sandbox,
    client,
    handle,
    deps: (extra = {}) => ({ db: handle.db, client, logger, now: () => today, retry: { minTimeoutMs: 5 }, ...extra }),
    close: async () => {
      await handle.close();
      await server.close();
    },
  };
}

/** Companies stored locally as the sync would, each with a contract of the given MRR running today (a prospect: null). */
export async function storeCustomers(
  handle: DatabaseHandle,
  customers: ReadonlyArray<{ id: string; ownerId?: string; mrrMinor: number | null }>,
): Promise<void> {
  for (let start = 0; start < customers.length; start += 1000) {
    const chunk = customers.slice(start, start + 1000);
    await upsertCompanies(
      handle.db,
      chunk.map((customer) => ({
        portalId,
        id: customer.id,
        name: `Company ${customer.id}`,
        ownerId: customer.ownerId ?? null,
      })),
    );
    await setContracts(
      handle,
      chunk.flatMap((customer) =>
        customer.mrrMinor === null ? [] : [{ companyId: customer.id, mrrMinor: customer.mrrMinor }],
      ),
    );
  }
}

export async function setContracts(
  handle: DatabaseHandle,
  contracts: ReadonlyArray<{ companyId: string; mrrMinor: number }>,
): Promise<void> {
  const rows: ContractRow[] = contracts.map((contract) => ({
    portalId,
    dealId: `deal-${contract.companyId}`,
    companyId: contract.companyId,
    kind: 'new',
    product: 'core',
    mrrMinor: contract.mrrMinor,
    startDate: '2026-01-01',
    endDate: '2027-01-01',
    closeDate: '2025-12-20',
    seats: 10,
  }));
  await replaceContractsForDeals(
    handle.db,
    portalId,
    rows.map((row) => row.dealId),
    rows,
  );
}
