import { afterEach, describe, expect, it } from 'vitest';
import { findCsmAssignment } from '../../src/db/repositories/csm-assignments-repository';
import { handOffDeal, type HandOffDependencies } from '../../src/services/handoff/handoff-service';
import { databaseTargets } from '../support/databases';
import {
  completeDealProperties,
  fastRetry,
  friday,
  handoffFixture,
  logger,
  owners,
  portalId,
  startHandoffHarness,
  type Running,
} from './handoff-harness';

const company = (id: string, ownerId: string) => ({
  id,
  properties: { name: `Company ${id}`, hubspot_owner_id: ownerId },
});
const runningDeal = (id: string, companyId: string, extra: Record<string, string> = {}) => ({
  id,
  properties: {
    dealname: `Deal ${id}`,
    hubspot_owner_id: owners.salesRep.id,
    ...completeDealProperties,
    cs_contract_start: '2026-01-01',
    ...extra,
  },
  companyIds: [companyId],
});

// Ada already looks after three customers (6 has signed, its contract starts soon) and Ben after two.
const fixture = handoffFixture({
  companies: [
    company('1', owners.salesRep.id),
    company('2', owners.salesRep.id),
    company('3', owners.csmAda.id),
    company('4', owners.csmAda.id),
    company('5', owners.csmBen.id),
    company('6', owners.csmAda.id),
    company('7', owners.csmBen.id),
  ],
  deals: [
    runningDeal('300', '3'),
    runningDeal('400', '4'),
    runningDeal('500', '5'),
    runningDeal('700', '7'),
    {
      id: '901',
      properties: { dealname: 'New 1', hubspot_owner_id: owners.salesRep.id, ...completeDealProperties },
      companyIds: ['1'],
    },
    {
      id: '902',
      properties: {
        dealname: 'New 2',
        hubspot_owner_id: owners.salesRep.id,
        ...completeDealProperties,
        amount: '120000',
      },
      companyIds: ['2'],
    },
    {
      id: '906',
      properties: { dealname: 'New 6', hubspot_owner_id: owners.salesRep.id, ...completeDealProperties },
      companyIds: ['6'],
    },
  ],
});

describe.each(databaseTargets)('CSM assignment on $name', (target) => {
  let running: Running;
  afterEach(async () => running.close());
  const deps = (settings: HandOffDependencies['settings']): HandOffDependencies => ({
    db: running.handle.db,
    client: running.client,
    logger,
    now: () => friday,
    retry: fastRetry,
    settings,
  });
  const team = { csmOwnerIds: [owners.csmAda.id, owners.csmBen.id] };

  it('gives a new customer to the CSM with the fewest customers, then keeps the company owner when they are a CSM', async () => {
    running = await startHandoffHarness(target, fixture);
    const first = await handOffDeal(deps(team), portalId, '901');
    expect(first).toMatchObject({
      status: 'handed_off',
      csm: { ownerId: owners.csmBen.id, reason: 'least_loaded_csm', newlyAssigned: true },
    });
    // Now both have three: the tie goes to the lowest owner id, so a replay would choose the same.
    const second = await handOffDeal(deps(team), portalId, '902');
    expect(second).toMatchObject({ csm: { ownerId: owners.csmAda.id, reason: 'least_loaded_csm' } });
    const owned = await handOffDeal(deps(team), portalId, '906');
    expect(owned).toMatchObject({ csm: { ownerId: owners.csmAda.id, reason: 'company_owner_is_csm' } });
    expect(await findCsmAssignment(running.handle.db, portalId, '1')).toMatchObject({
      ownerId: owners.csmBen.id,
      dealId: '901',
      reason: 'least_loaded_csm',
    });
    const task = running.sandbox.store.objects
      .list('tasks')
      .find((each) => each.properties.hs_task_subject?.includes('Company 1'));
    expect(task?.properties.hubspot_owner_id).toBe(owners.csmBen.id);
    // The company owner stays the sales rep unless the setting hands the company over.
    expect(running.sandbox.store.objects.get('companies', '1')?.properties.hubspot_owner_id).toBe(owners.salesRep.id);
  });

  it('uses the touch model list for large customers and can hand the company over', async () => {
    running = await startHandoffHarness(target, fixture);
    const settings = { ...team, csmOwnerIdsByTouchModel: { high_touch: [owners.csmAda.id] }, setCompanyOwner: true };
    const large = await handOffDeal(deps(settings), portalId, '902');
    expect(large).toMatchObject({ csm: { ownerId: owners.csmAda.id, reason: 'least_loaded_csm' } });
    if (large.status === 'handed_off') expect(large.csm?.detail).toContain('high_touch');
    expect(running.sandbox.store.objects.get('companies', '2')?.properties.hubspot_owner_id).toBe(owners.csmAda.id);
  });

  it('treats every owner as eligible when no CSM list is configured, and says so', async () => {
    running = await startHandoffHarness(target, fixture);
    const result = await handOffDeal(deps({}), portalId, '901');
    expect(result).toMatchObject({ csm: { ownerId: owners.salesRep.id, reason: 'company_owner_is_csm' } });
    if (result.status === 'handed_off') expect(result.csm?.detail).toContain('no CSM list configured');
  });
});
