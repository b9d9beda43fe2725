import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mergeRecords } from '../../src/sandbox/merge-records';
import type { DatabaseHandle } from '../../src/db/client';
import { sql } from 'drizzle-orm';
import { listContracts } from '../../src/db/repositories/contracts-repository';
import { findRenewalCheck } from '../../src/db/repositories/renewal-checks-repository';
import { storedDealStages } from '../../src/db/repositories/crm-record-changes-repository';
import { listCompanySummaries } from '../../src/db/repositories/companies-repository';
import { processPendingWebhookEvents } from '../../src/services/webhooks/process-pending';
import { databaseTargets } from '../support/databases';
import {
  dealChange,
  deliverSigned,
  event,
  logger,
  objectEvent,
  portalId,
  expansionPipeline,
  startHarness,
  type WebhookHarness,
} from './webhook-harness';

// One database per target: each case works on its own records of the small portfolio.
describe.each(databaseTargets)('processing webhook events on $name', (target) => {
  let handle: DatabaseHandle;
  let harness: WebhookHarness;
  const told: Array<{ portalId: number; dealIds: string[] }> = [];

  beforeAll(async () => {
    handle = await target.open();
    harness = await startHarness(handle);
  });
  afterAll(async () => {
    await harness.running.close();
    await handle.close();
  });

  const deliver = (events: Record<string, unknown>[]) => deliverSigned(harness.app, events);
  const processAll = () =>
    processPendingWebhookEvents(
      {
        db: handle.db,
        client: harness.client,
        logger,
        onDealsClosedWon: (portal, dealIds) => {
          told.push({ portalId: portal, dealIds });
          return Promise.resolve();
        },
      },
      portalId,
    );
  const companyIds = async () =>
    (await listCompanySummaries(handle.db, { portalId, onDate: '2026-01-01', limit: 100 })).map(
      (company) => company.id,
    );
  const dealState = async (dealId: string) => (await storedDealStages(handle.db, portalId, [dealId])).get(dealId);

  it('reports a deal entering closed won once, however often its events come', async () => {
    harness.sandbox.store.objects.update('deals', '2012', {
      dealstage: 'closedwon',
      closedate: '2025-06-01T00:00:00.000Z',
      amount: '12000',
    });
    const at = Date.now();
    const batch = [dealChange('2012', at, 'dealstage', 'closedwon'), dealChange('2012', at, 'amount', '12000')];
    await deliver(batch);
    await deliver(batch);
    const first = await processAll();
    await deliver([dealChange('2012', at + 1, 'amount', '12000')]);
    const second = await processAll();

    expect(first.closedWonDealIds).toEqual(['2012']);
    expect(second.closedWonDealIds).toEqual([]);
    expect(told.flatMap((call) => call.dealIds)).toEqual(['2012']);
    expect((await dealState('2012'))?.stageId).toBe('closedwon');
    expect((await listContracts(handle.db, portalId, '1007')).map((contract) => contract.dealId)).toContain('2012');
  });

  it("counts the portal's deals again for the KPI note after a deal's deletion, at most hourly", async () => {
    const checkedAt = async () => new Date((await findRenewalCheck(handle.db, portalId))?.checkedAt ?? 0).getTime();
    await handle.db.execute(sql`update renewal_checks set checked_at = now() - interval '2 hours'`);
    const twoHoursAgo = await checkedAt();
    await deliver([objectEvent('deletion', '0-3', '2014', Date.now())]);
    await processAll();
    const recounted = await checkedAt();
    expect(recounted - twoHoursAgo).toBeGreaterThan(90 * 60_000);
    // Within the hour, a further change waits for the next count.
    await deliver([objectEvent('restore', '0-3', '2014', Date.now())]);
    await processAll();
    expect(await checkedAt()).toBe(recounted);
  });

  it('ignores a deletion that occurred before a restore already applied, and applies a later one', async () => {
    const deletedAt = Date.now() - 10_000;
    await deliver([objectEvent('restore', '0-3', '2013', deletedAt + 5_000)]);
    await processAll();
    await deliver([objectEvent('deletion', '0-3', '2013', deletedAt)]);
    const late = await processAll();
    expect(late.outcomes).toMatchObject({ stale: 1, applied: 0 });
    expect((await dealState('2013'))?.archived).toBe(false);

    harness.sandbox.store.objects.archive('deals', '2013');
    await deliver([objectEvent('deletion', '0-3', '2013', deletedAt + 9_000)]);
    await processAll();
    expect((await dealState('2013'))?.archived).toBe(true);
  });

  it('applies the latest of out-of-order events in one batch: a creation after a deletion keeps the record', async () => {
    const at = Date.now();
    await deliver([objectEvent('creation', '0-2', '1005', at + 2), objectEvent('deletion', '0-2', '1005', at + 1)]);
    await processAll();
    expect(await companyIds()).toContain('1005');
  });

  it("follows HubSpot's merge into a new record: both old companies go, their deals' contracts move to it", async () => {
    const { store } = harness.sandbox;
    store.objects.update('companies', '1006', { name: 'Fir Manufacturing Group' });
    const merged = mergeRecords(store, 'companies', '1006', '1007');
    await deliver([
      objectEvent('merge', '0-2', '1006', Date.now(), {
        primaryObjectId: 1006,
        mergedObjectIds: [1007],
        newObjectId: Number(merged.id),
      }),
    ]);
    await processAll();

    expect(await companyIds()).not.toContain('1007');
    expect(await companyIds()).not.toContain('1006');
    const summaries = await listCompanySummaries(handle.db, { portalId, onDate: '2026-01-01', limit: 100 });
    expect(summaries.find((company) => company.id === merged.id)?.name).toBe('Fir Manufacturing Group');
    expect(await listContracts(handle.db, portalId, '1007')).toEqual([]);
    expect(await listContracts(handle.db, portalId, '1006')).toEqual([]);
    expect((await listContracts(handle.db, portalId, merged.id)).map((contract) => contract.dealId)).toEqual(
      expect.arrayContaining(['2011', '2012']),
    );
  });

  it("refreshes a deal's companies on an association change from either side", async () => {
    const { store } = harness.sandbox;
    store.associations.add('deals', '2014', '1002', 5);
    const at = Date.now();
    await deliver([
      event({
        subscriptionType: 'object.associationChange',
        associationType: 'COMPANY_TO_DEAL',
        fromObjectId: 1002,
        toObjectId: 2014,
        associationRemoved: false,
        occurredAt: at,
      }),
    ]);
    await processAll();
    expect((await listContracts(handle.db, portalId, '1002')).map((contract) => contract.dealId)).toContain('2014');
  });

  it('marks events of objects it does not sync as unsupported', async () => {
    await deliver([objectEvent('creation', '0-2', '1001', Date.now(), { objectTypeId: '0-1' })]);
    const result = await processAll();
    expect(result.outcomes).toMatchObject({ unsupported: 1 });
  });

  it("reads the pipelines again for a deal in a stage it does not know, so a new pipeline's closed won hands off", async () => {
    harness.sandbox.store.putDealPipeline(expansionPipeline);
    harness.sandbox.store.objects.update('deals', '2005', {
      pipeline: 'expansion',
      dealstage: 'expansionwon',
      closedate: '2025-07-01T00:00:00.000Z',
      amount: '6000',
    });
    await deliver([dealChange('2005', Date.now(), 'dealstage', 'expansionwon')]);
    const result = await processAll();

    expect(result.closedWonDealIds).toEqual(['2005']);
    expect((await listContracts(handle.db, portalId, '1002')).map((contract) => contract.dealId)).toContain('2005');
    // The next batch of known stages does not read the pipelines again.
    const pipelineReads = () => harness.sandbox.calls().byRoute['GET /crm/v3/pipelines/deals'] ?? 0;
    const before = pipelineReads();
    await deliver([dealChange('2005', Date.now() + 1, 'amount', '6000')]);
    await processAll();
    expect(pipelineReads()).toBe(before);
  });
});
