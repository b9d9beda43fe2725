import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/client';
import { companyRoots, listCompanyDescendants } from '../../src/db/repositories/company-hierarchy-repository';
import { databaseTargets } from '../support/databases';
import { loadPortfolio } from '../kpi/load-portfolio';
import { groupFixture } from './group-fixture';
import { ifStarted } from '../support/if-started';

describe.each(databaseTargets)('company hierarchy on $name', (target) => {
  let handle: DatabaseHandle;
  let portalId: number;
  beforeAll(async () => {
    handle = await target.open();
    portalId = (await loadPortfolio(handle.db, groupFixture)).id;
  }, 120_000);
  afterAll(async () => ifStarted(handle)?.close());

  it('syncs the parent company and resolves each company to its top-level parent', async () => {
    const roots = await companyRoots(handle.db, portalId);
    expect(Object.fromEntries(roots)).toEqual({
      '6001': '6001',
      '6002': '6001',
      '6003': '6001',
      '6004': '6001',
      '6005': '6005',
      // A loop of parents is cut: both take its smallest id.
      '6006': '6006',
      '6007': '6006',
      // A parent that is not in the portal ends the walk.
      '6008': '6008',
    });
  });

  it('lists a parent’s children and their children, nearest first, and stops at a loop', async () => {
    const below = await listCompanyDescendants(handle.db, portalId, '6001');
    expect(below).toEqual([
      { companyId: '6003', name: 'Northwind Labs', depth: 1 },
      { companyId: '6002', name: 'Northwind Retail', depth: 1 },
      { companyId: '6004', name: 'Labs Berlin', depth: 2 },
    ]);
    expect(await listCompanyDescendants(handle.db, portalId, '6006')).toEqual([
      { companyId: '6007', name: 'Loop West', depth: 1 },
    ]);
    expect(await listCompanyDescendants(handle.db, portalId, '6005')).toEqual([]);
  });
});
