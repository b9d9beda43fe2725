import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/client';
import {
  listContracts,
  replaceContractsForDeals,
  type ContractRow,
} from '../../src/db/repositories/contracts-repository';
import { databaseTargets } from '../support/databases';
import { ifStarted } from '../support/if-started';

const portalId = 3131;
const contract = (mrrMinor: number): ContractRow => ({
  portalId,
  dealId: 'deal-1',
  companyId: 'company-1',
  kind: 'new',
  product: 'core',
  mrrMinor,
  startDate: '2026-01-01',
  endDate: '2027-01-01',
  seats: 10,
});

// A hand-off and a webhook batch re-derive one deal's contract in two transactions at once (found by the kill test).
describe.each(databaseTargets)('contracts replaced by two transactions at once on $name', (target) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await target.open();
  });
  afterAll(async () => ifStarted(handle)?.close());

  it('lets the later one win instead of failing on the key', async () => {
    let second: Promise<void> | undefined;
    await handle.db.transaction(async (transaction) => {
      await replaceContractsForDeals(transaction, portalId, ['deal-1'], [contract(1000)]);
      second = handle.db.transaction((other) =>
        replaceContractsForDeals(other, portalId, ['deal-1'], [contract(2000)]),
      );
      // The second transaction's write waits on this one's uncommitted row.
      await sleep(200);
    });
    await second;
    expect((await listContracts(handle.db, portalId)).map((row) => row.mrrMinor)).toEqual([2000]);

    await replaceContractsForDeals(handle.db, portalId, ['deal-1'], []);
    expect(await listContracts(handle.db, portalId)).toEqual([]);
  });
});
