import { afterEach, describe, expect, it } from 'vitest';
import { listContracts } from '../../src/db/repositories/contracts-repository';
import { findOnboardingRecord, listMilestones } from '../../src/db/repositories/customer-success-onboarding-repository';
import { findHandoff } from '../../src/db/repositories/handoff-repository';
import { handOffDeal, type HandOffDependencies } from '../../src/services/handoff/handoff-service';
import { changeSettings } from '../../src/services/settings/settings-service';
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

const companies = [
  { id: '1', properties: { name: 'Acme Robotics', hubspot_owner_id: owners.salesRep.id } },
  { id: '2', properties: { name: 'Globex', hubspot_owner_id: owners.salesRep.id } },
];
const deals: Array<{ id: string; properties: Record<string, string>; companyIds: string[] }> = [
  {
    id: '500',
    properties: { dealname: 'Acme Robotics - Core', hubspot_owner_id: owners.salesRep.id, ...completeDealProperties },
    companyIds: ['1'],
  },
  {
    id: '501',
    properties: {
      dealname: 'Globex - pilot',
      hubspot_owner_id: owners.salesRep.id,
      dealstage: 'closedwon',
      pipeline: 'default',
      amount: '6000',
      closedate: '2026-03-05T16:00:00Z',
    },
    companyIds: ['2'],
  },
  {
    id: '502',
    properties: { dealname: 'Globex - open', dealstage: 'qualifiedtobuy', pipeline: 'default', amount: '100' },
    companyIds: ['2'],
  },
];

class CrashAfterCreate extends Error {}

describe.each(databaseTargets)('sales to CS hand-off on $name', (target) => {
  let running: Running;
  afterEach(async () => running.close());

  const deps = (extra: Partial<HandOffDependencies> = {}): HandOffDependencies => ({
    db: running.handle.db,
    client: running.client,
    logger,
    now: () => friday,
    retry: fastRetry,
    settings: { csmOwnerIds: [owners.csmAda.id, owners.csmBen.id] },
    ...extra,
  });
  const tasks = () => running.sandbox.store.objects.list('tasks');
  const notes = () => running.sandbox.store.objects.list('notes');

  it('creates one onboarding, one task for the CSM due the next business day, and one note; replays create nothing', async () => {
    running = await startHandoffHarness(target, handoffFixture({ companies, deals }));
    const result = await handOffDeal(deps(), portalId, '500');

    expect(result).toMatchObject({
      status: 'handed_off',
      companyId: '1',
      dealKind: 'new',
      incomplete: false,
      contractStored: true,
      onboardingCreated: true,
    });
    if (result.status !== 'handed_off') return;
    expect(result.csm).toMatchObject({ reason: 'least_loaded_csm', ownerId: owners.csmAda.id });
    expect(await findOnboardingRecord(running.handle.db, portalId, '1')).toMatchObject({ handoffDate: '2026-03-10' });
    expect((await listMilestones(running.handle.db, portalId, '1')).length).toBeGreaterThan(0);
    expect(await listContracts(running.handle.db, portalId, '1')).toHaveLength(1);

    expect(tasks()).toHaveLength(1);
    expect(notes()).toHaveLength(1);
    const task = await running.client.crm.objects.tasks.basicApi.getById(
      result.engagements.csmTask.id,
      ['hs_task_subject', 'hs_timestamp', 'hubspot_owner_id', 'hs_task_status', 'hs_task_priority', 'hs_task_body'],
      undefined,
      ['companies', 'deals'],
    );
    // Friday in New York: due Monday 17:00, which is EDT (UTC-4) after the clocks went forward on Sunday.
    expect(task.properties).toMatchObject({
      hs_timestamp: '2026-03-09T21:00:00.000Z',
      hubspot_owner_id: owners.csmAda.id,
      hs_task_status: 'NOT_STARTED',
    });
    expect(task.properties.hs_task_subject).toContain('Acme Robotics');
    expect(task.associations?.companies?.results.map((each) => each.id)).toEqual(['1']);
    expect(task.associations?.deals?.results.map((each) => each.id)).toEqual(['500']);
    const note = await running.client.crm.objects.notes.basicApi.getById(
      result.engagements.summaryNote.id,
      ['hs_note_body'],
      undefined,
      ['companies'],
    );
    expect(note.properties.hs_note_body).toEqual(expect.stringContaining('Acme Robotics - Core'));
    // What the CSM reads in HubSpot: money with its currency, days and kinds in words, the product's name.
    for (const detail of [
      'Kind:</strong> New business',
      'Amount:</strong> $12,000',
      'MRR:</strong> $1,000',
      'Product:</strong> Core platform',
      'Seats:</strong> 20',
      'Contract:</strong> Mar 10, 2026 to Mar 10, 2027',
      'Closed:</strong> Mar 5, 2026',
      'Sam Sales',
      'Ada Care',
      'Touch model:</strong> ',
    ]) {
      expect(note.properties.hs_note_body).toContain(detail);
    }
    expect(note.properties.hs_note_body).not.toMatch(/\d{4}-\d{2}-\d{2}|_touch/);
    expect(note.associations?.companies?.results.map((each) => each.id)).toEqual(['1']);

    running.sandbox.resetCalls();
    for (let replay = 0; replay < 3; replay += 1) {
      const again = await handOffDeal(deps(), portalId, '500');
      expect(again).toMatchObject({
        status: 'handed_off',
        onboardingCreated: false,
        engagements: { csmTask: { action: 'unchanged' }, summaryNote: { action: 'unchanged' } },
      });
    }
    expect(tasks()).toHaveLength(1);
    expect(notes()).toHaveLength(1);
    expect(running.sandbox.calls().total).toBe(0);
    expect(await findHandoff(running.handle.db, portalId, '500')).toMatchObject({
      incomplete: false,
      csmOwnerId: owners.csmAda.id,
    });
  });

  it('skips deals that are not closed won', async () => {
    running = await startHandoffHarness(target, handoffFixture({ companies, deals }));
    expect(await handOffDeal(deps(), portalId, '502')).toMatchObject({ status: 'skipped', reason: 'not_closed_won' });
    expect(await handOffDeal(deps(), portalId, '999')).toMatchObject({ status: 'skipped', reason: 'deal_not_found' });
    expect(tasks()).toHaveLength(0);
  });

  it('finds the task an interrupted attempt created instead of creating a second one', async () => {
    running = await startHandoffHarness(target, handoffFixture({ companies, deals }));
    const crashing = handOffDeal(
      deps({
        afterCreate: (kind) => {
          if (kind === 'csm_task') throw new CrashAfterCreate('killed');
        },
      }),
      portalId,
      '500',
    );
    await expect(crashing).rejects.toBeInstanceOf(CrashAfterCreate);
    expect(tasks()).toHaveLength(1);
    expect(notes()).toHaveLength(0);

    const retried = await handOffDeal(deps(), portalId, '500');
    expect(retried).toMatchObject({
      status: 'handed_off',
      engagements: { csmTask: { action: 'found_after_crash' }, summaryNote: { action: 'created' } },
    });
    expect(tasks()).toHaveLength(1);
    expect(notes()).toHaveLength(1);
    if (retried.status === 'handed_off') expect(retried.engagements.csmTask.id).toBe(tasks()[0]?.id);
  });

  it('makes the task once when HubSpot makes it but its answer is lost, though the search does not show it yet', async () => {
    running = await startHandoffHarness(target, handoffFixture({ companies, deals }));
    running.sandbox.failNext({ status: 502, afterHandling: true, match: 'POST /crm/v3/objects/tasks' });
    const result = await handOffDeal(deps(), portalId, '500');
    expect(result).toMatchObject({ status: 'handed_off', engagements: { csmTask: { action: 'found_after_crash' } } });
    expect(tasks()).toHaveLength(1);
    if (result.status === 'handed_off') expect(result.engagements.csmTask.id).toBe(tasks()[0]?.id);
  });

  it('flags missing deal fields, tells the deal owner once, and clears the flag when the fields are filled', async () => {
    running = await startHandoffHarness(target, handoffFixture({ companies, deals }));
    const first = await handOffDeal(deps(), portalId, '501');
    expect(first).toMatchObject({ status: 'handed_off', incomplete: true });
    if (first.status !== 'handed_off') return;
    expect(first.missingFields.map((field) => field.field)).toEqual(['contract_start', 'seats', 'product']);
    expect(await findHandoff(running.handle.db, portalId, '501')).toMatchObject({
      incomplete: true,
      missingFields: ['contract_start', 'seats', 'product'],
    });
    const ownerTaskId = first.engagements.missingFieldsTask?.id ?? '';
    const ownerTask = running.sandbox.store.objects.get('tasks', ownerTaskId);
    expect(ownerTask?.properties).toMatchObject({
      hubspot_owner_id: owners.salesRep.id,
      hs_task_status: 'NOT_STARTED',
    });
    // The deal owner reads the properties by the labels HubSpot shows on the deal.
    expect(ownerTask?.properties.hs_task_body).toContain('Seats</strong> (the deal&#39;s &quot;CS seats&quot;): empty');
    expect(ownerTask?.properties.hs_task_body).not.toContain('cs_seats');
    expect(tasks()).toHaveLength(2);

    await handOffDeal(deps(), portalId, '501');
    expect(tasks()).toHaveLength(2);

    await running.client.crm.deals.basicApi.update('501', {
      properties: { cs_contract_start: '2026-03-16', cs_seats: '8', cs_product: 'core' },
    });
    await running.sync();
    const filled = await handOffDeal(deps(), portalId, '501');
    expect(filled).toMatchObject({
      status: 'handed_off',
      incomplete: false,
      missingFields: [],
      engagements: { missingFieldsTask: { id: ownerTaskId, open: false }, summaryNote: { action: 'updated' } },
    });
    expect(tasks()).toHaveLength(2);
    expect(notes()).toHaveLength(1);
    expect(running.sandbox.store.objects.get('tasks', ownerTaskId)?.properties.hs_task_status).toBe('COMPLETED');
    expect(running.sandbox.store.objects.list('notes')[0]?.properties.hs_note_body).toContain('Seats:</strong> 8');
    expect(await findHandoff(running.handle.db, portalId, '501')).toMatchObject({
      incomplete: false,
      missingFields: [],
    });
  });

  it('hands off an Existing business renewal as a renewal of the term it follows when the portal recognizes them', async () => {
    const renewal = {
      id: '503',
      properties: {
        dealname: 'Acme Robotics - renewal',
        hubspot_owner_id: owners.salesRep.id,
        dealstage: 'closedwon',
        pipeline: 'default',
        amount: '12000',
        closedate: '2027-02-01T16:00:00Z',
        dealtype: 'existingbusiness',
      },
      companyIds: ['1'],
    };
    running = await startHandoffHarness(target, handoffFixture({ companies, deals: [...deals, renewal] }));
    const recognize = { renewals: { followOn: true } };
    expect(await changeSettings(running.handle.db, portalId, 'kpi', recognize, 'test')).toMatchObject({ stored: true });
    const result = await handOffDeal(deps(), portalId, '503');
    expect(result).toMatchObject({ status: 'handed_off', dealKind: 'renewal', onboardingCreated: false });
    const stored = (await listContracts(running.handle.db, portalId, '1')).find(
      (contract) => contract.dealId === '503',
    );
    expect(stored).toMatchObject({ kind: 'renewal', startDate: '2027-03-10', endDate: '2028-03-10' });
    if (result.status !== 'handed_off') return;
    const note = await running.client.crm.objects.notes.basicApi.getById(result.engagements.summaryNote.id, [
      'hs_note_body',
    ]);
    expect(note.properties.hs_note_body).toContain('Kind:</strong> Renewal');
    expect(note.properties.hs_note_body).toContain('Contract:</strong> Mar 10, 2027 to Mar 10, 2028');
  });

  it('hands off a deal of the portal\'s own "Renewal" type as new business, and as a renewal once the setting reads it', async () => {
    const renewal = {
      id: '504',
      properties: {
        dealname: 'Globex - renewal',
        hubspot_owner_id: owners.salesRep.id,
        dealstage: 'closedwon',
        pipeline: 'default',
        amount: '6000',
        closedate: '2027-02-20T16:00:00Z',
        dealtype: 'Renewal',
      },
      companyIds: ['2'],
    };
    const addedOptions = { deals: { dealtype: [{ value: 'Renewal', label: 'Renewal' }] } };
    running = await startHandoffHarness(
      target,
      handoffFixture({ companies, deals: [...deals, renewal], addedOptions }),
    );
    expect(await handOffDeal(deps(), portalId, '504')).toMatchObject({ status: 'handed_off', dealKind: 'new' });
    const readTypes = { dealTypes: { Renewal: 'renewal' } };
    expect(await changeSettings(running.handle.db, portalId, 'kpi', readTypes, 'test')).toMatchObject({ stored: true });
    const stored = (await listContracts(running.handle.db, portalId, '2')).find(
      (contract) => contract.dealId === '504',
    );
    expect(stored?.kind).toBe('renewal');
    const again = await handOffDeal(deps(), portalId, '504');
    expect(again).toMatchObject({ dealKind: 'renewal' });
  });
});
