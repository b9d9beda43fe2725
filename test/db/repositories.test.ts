import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/client';
import { countCompanies, listCompanySummaries, upsertCompanies } from '../../src/db/repositories/companies-repository';
import { listContracts, replaceContractsForDeals } from '../../src/db/repositories/contracts-repository';
import { replaceDealCompanies, upsertDeals } from '../../src/db/repositories/deals-repository';
import { upsertOwners } from '../../src/db/repositories/owners-repository';
import { closedWonStageIds, replacePipelineStages } from '../../src/db/repositories/pipelines-repository';
import { findPortal, upsertPortal } from '../../src/db/repositories/portals-repository';
import { advanceSyncCursor, listSyncStates, startSyncState } from '../../src/db/repositories/sync-state-repository';
import { databaseTargets } from '../support/databases';

const portalId = 101;
const otherPortalId = 202;

describe.each(databaseTargets)('repositories on $name', (target) => {
  let handle: DatabaseHandle;

  beforeAll(async () => {
    handle = await target.open();
    await upsertPortal(handle.db, { id: portalId, timeZone: 'Asia/Tokyo', currency: 'JPY' });
    await upsertPortal(handle.db, { id: otherPortalId, timeZone: 'UTC', currency: 'USD' });
  });
  afterAll(async () => handle.close());

  it('upserts a portal twice without duplicating it', async () => {
    await upsertPortal(handle.db, { id: portalId, timeZone: 'Asia/Tokyo', currency: 'JPY', name: 'Tokyo' });
    const portal = await findPortal(handle.db, portalId);
    expect(portal).toMatchObject({ id: portalId, timeZone: 'Asia/Tokyo', currency: 'JPY', name: 'Tokyo' });
  });

  it('lists companies with the MRR of contracts active on the given day, per portal', async () => {
    const db = handle.db;
    await upsertOwners(db, [{ portalId, id: '7', email: 'aiko@example.com', firstName: 'Aiko', lastName: 'Sato' }]);
    const company = (id: string, name: string, owner: string | null) => ({
      portalId,
      id,
      name,
      ownerId: owner,
      properties: { name },
    });
    await upsertCompanies(db, [company('1', 'Acme', '7'), company('2', 'Globex', null), company('3', 'Initech', null)]);
    await upsertCompanies(db, [{ portalId: otherPortalId, id: '1', name: 'Other portal Acme', properties: {} }]);
    await upsertDeals(db, [{ portalId, id: 'd1', name: 'Acme new', primaryCompanyId: '1', properties: {} }]);
    await replaceDealCompanies(
      db,
      portalId,
      ['d1'],
      [{ portalId, dealId: 'd1', companyId: '1', isPrimary: true, position: 0 }],
    );
    const contract = (dealId: string, companyId: string, mrrMinor: number, startDate: string, endDate: string) => ({
      portalId,
      dealId,
      companyId,
      kind: 'new',
      product: 'core',
      mrrMinor,
      startDate,
      endDate,
      seats: null,
      closeDate: startDate,
    });
    await replaceContractsForDeals(
      db,
      portalId,
      ['d1', 'd2', 'd3', 'd4'],
      [
        contract('d1', '1', 100_000, '2026-01-01', '2027-01-01'),
        contract('d2', '1', 25_050, '2026-03-01', '2026-04-01'),
        contract('d3', '2', 50_000, '2025-01-01', '2026-01-01'),
        contract('d4', '3', 70_000, '2026-04-01', '2027-04-01'),
      ],
    );

    const rows = await listCompanySummaries(db, { portalId, onDate: '2026-03-15', limit: 10 });
    expect(rows.map((row) => [row.id, row.mrrMinor, row.contractCount, row.upcomingContractCount])).toEqual([
      ['1', 125_050, 2, 0],
      ['2', 0, 1, 0],
      ['3', 0, 1, 1],
    ]);
    expect(rows[0]).toMatchObject({ ownerFirstName: 'Aiko', ownerEmail: 'aiko@example.com' });

    const onEndDate = await listCompanySummaries(db, { portalId, onDate: '2026-04-01', limit: 10 });
    expect(onEndDate.find((row) => row.id === '1')?.mrrMinor).toBe(100_000);

    const secondPage = await listCompanySummaries(db, { portalId, onDate: '2026-03-15', limit: 10, after: '1' });
    expect(secondPage.map((row) => row.id)).toEqual(['2', '3']);
    expect(await countCompanies(db, portalId)).toBe(3);
    expect(await countCompanies(db, otherPortalId)).toBe(1);

    const named = await listCompanySummaries(db, { portalId, onDate: '2026-03-15', limit: 10, nameContains: 'glo' });
    expect(named.map((row) => row.id)).toEqual(['2']);
  });

  it("replaces a deal's contracts instead of adding to them", async () => {
    const db = handle.db;
    await replaceContractsForDeals(db, portalId, ['d2'], []);
    const contracts = await listContracts(db, portalId, '1');
    expect(contracts.map((contract) => contract.dealId)).toEqual(['d1']);
  });

  it('keeps closed-won stage ids per portal', async () => {
    const stage = (id: string, isClosedWon: boolean) => ({
      portalId,
      objectType: 'deals',
      pipelineId: 'default',
      pipelineLabel: 'Sales',
      id,
      label: id,
      isClosedWon,
      isClosed: isClosedWon,
    });
    await replacePipelineStages(handle.db, portalId, 'deals', [stage('closedwon', true), stage('closedlost', false)]);
    expect(await closedWonStageIds(handle.db, portalId)).toEqual(['closedwon']);
    expect(await closedWonStageIds(handle.db, otherPortalId)).toEqual([]);
  });

  it('advances a sync cursor inside a transaction and rolls it back with the page', async () => {
    const db = handle.db;
    await startSyncState(db, portalId, 'companies');
    await db.transaction(async (transaction) => advanceSyncCursor(transaction, portalId, 'companies', 'page-2', 100));
    await expect(
      db.transaction(async (transaction) => {
        await advanceSyncCursor(transaction, portalId, 'companies', 'page-3', 100);
        throw new Error('crash before commit');
      }),
    ).rejects.toThrow('crash before commit');
    const [state] = await listSyncStates(db, portalId);
    expect(state).toMatchObject({ objectType: 'companies', status: 'running', cursor: 'page-2', recordsSynced: 100 });
  });
});
