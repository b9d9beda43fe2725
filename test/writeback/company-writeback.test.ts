import { afterEach, describe, expect, it } from 'vitest';
import { insertCsmAssignment } from '../../src/db/repositories/csm-assignments-repository';
import { insertDismissal } from '../../src/db/repositories/customer-success-dismissals-repository';
import { upsertHealthScores } from '../../src/db/repositories/health-score-writes-repository';
import { upsertOwners } from '../../src/db/repositories/owners-repository';
import { replaceContractsForDeals } from '../../src/db/repositories/contracts-repository';
import { ensureCustomerSuccessProperties } from '../../src/hubspot/properties/ensure-properties';
import { ensureOnboarding } from '../../src/services/customer-success/onboarding-service';
import { pushCompanyWriteBack } from '../../src/services/writeback/company-writeback';
import { assignCsmAtHandoff } from '../support/csm-assignment';
import { databaseTargets } from '../support/databases';
import {
  batchUpdateRoute,
  logger,
  portalId,
  setContracts,
  startWriteBackHarness,
  storeCustomers,
  type WriteBackHarness,
} from './writeback-harness';

const seatExpansion = {
  kind: 'seat_expansion',
  productId: 'core',
  estimatedMrrCents: 5000,
  suggestedSeats: 5,
  evidence: {
    windowStart: '2026-02-20',
    windowDays: 14,
    lowestUtilizationPercent: 92,
    currentUtilizationPercent: 95,
    activeUsers: 19,
    seats: 20,
    targetUtilizationPercent: 80,
    pricePerSeatCents: 1000,
  },
};

describe.each(databaseTargets)('write-back of cs_* properties on $name', (target) => {
  let harness: WriteBackHarness;
  afterEach(async () => harness.close());
  const sandboxValue = (companyId: string, name: string) =>
    harness.sandbox.store.objects.get('companies', companyId)?.properties[name] ?? null;

  it('pushes what the service knows about each company, and then only what changed', async () => {
    // The CSMs are HubSpot owners: cs_csm, like every owner property, takes only existing owner ids.
    const owners = ['201', '202'].map((id) => ({ id, email: `csm-${id}@example.test` }));
    harness = await startWriteBackHarness(target, {
      owners,
      companies: ['1', '2', '3'].map((id) => ({ id, properties: { name: `Company ${id}` } })),
    });
    await ensureCustomerSuccessProperties(harness.client, logger);
    const { db } = harness.handle;
    await upsertOwners(db, [
      { portalId, id: '201' },
      { portalId, id: '202' },
    ]);
    await storeCustomers(harness.handle, [
      { id: '1', mrrMinor: 100_000 },
      { id: '2', ownerId: '202', mrrMinor: 25_050 },
      { id: '3', mrrMinor: null },
    ]);
    await upsertHealthScores(db, [
      {
        portalId,
        companyId: '1',
        scoreDate: '2026-03-05',
        score: 72,
        band: 'green',
        stage: 'adoption',
        activeUsers: 15,
        seats: 20,
        explanation: {},
        suggestions: { candidates: [seatExpansion], suppressed: null },
      },
    ]);
    await insertCsmAssignment(db, {
      portalId,
      companyId: '1',
      ownerId: '201',
      reason: 'least_loaded_csm',
      touchModel: 'low_touch',
      detail: 'test',
      dealId: 'deal-1',
      assignedAt: '2026-03-01T10:00:00Z',
    });
    await ensureOnboarding(db, portalId, '2', '2026-03-01');
    harness.sandbox.resetCalls();

    const deps = harness.deps({ settings: { csmOwnerIds: ['201', '202'] } });
    const result = await pushCompanyWriteBack(deps, portalId);
    expect(result).toMatchObject({ companies: 3, changed: 2, pushed: 2, batches: 1, notUpdated: [] });
    expect(harness.sandbox.store.objects.get('companies', '1')?.properties).toMatchObject({
      cs_health_score: '72',
      cs_health_band: 'green',
      cs_onboarding_stage: 'adoption',
      cs_seat_utilization: '75',
      cs_mrr: '1000.00',
      cs_renewal_date: '2027-01-01',
      cs_upsell_potential: '50.00',
      cs_csm: '201',
      cs_last_computed_at: '2026-03-06T15:00:00.000Z',
    });
    // Company 2 has no score yet; its owner is a CSM, so it counts as theirs.
    expect(harness.sandbox.store.objects.get('companies', '2')?.properties).toMatchObject({
      cs_onboarding_stage: 'introduction',
      cs_mrr: '250.50',
      cs_csm: '202',
    });
    expect(sandboxValue('2', 'cs_health_score')).toBeNull();
    expect(sandboxValue('3', 'cs_last_computed_at')).toBeNull();

    harness.sandbox.resetCalls();
    const later = harness.deps({
      settings: { csmOwnerIds: ['201', '202'] },
      now: () => new Date('2026-03-07T09:00:00Z'),
    });
    expect(await pushCompanyWriteBack(later, portalId)).toMatchObject({ changed: 0, batches: 0 });
    expect(harness.sandbox.calls().total).toBe(0);

    await insertDismissal(db, {
      portalId,
      companyId: '1',
      kind: 'seat_expansion',
      product: 'core',
      reason: 'budget frozen',
      dismissedBy: 'csm',
      dismissedAt: '2026-03-06T20:00:00Z',
    });
    expect(await pushCompanyWriteBack(later, portalId)).toMatchObject({ changed: 1, batches: 1 });
    expect(sandboxValue('1', 'cs_upsell_potential')).toBe('0.00');
    expect(sandboxValue('1', 'cs_last_computed_at')).toBe('2026-03-07T09:00:00.000Z');
    expect(sandboxValue('2', 'cs_last_computed_at')).toBe('2026-03-06T15:00:00.000Z');
  });

  it('writes the companies HubSpot takes when it refuses one value, and names no CSM whose user left', async () => {
    harness = await startWriteBackHarness(target, {
      owners: [
        { id: '201', email: 'csm-201@example.test' },
        { id: '202', email: 'csm-202@example.test', archived: true },
      ],
      companies: ['1', '2', '3'].map((id) => ({ id, properties: { name: `Company ${id}` } })),
    });
    await ensureCustomerSuccessProperties(harness.client, logger);
    const { db } = harness.handle;
    await upsertOwners(db, [
      { portalId, id: '201' },
      { portalId, id: '202', archived: true },
    ]);
    await storeCustomers(
      harness.handle,
      ['1', '2', '3'].map((id) => ({ id, mrrMinor: 10_000 })),
    );
    const score = (companyId: string, band: 'green' | 'yellow') => ({
      portalId,
      companyId,
      scoreDate: '2026-03-05',
      score: band === 'green' ? 80 : 55,
      band,
      stage: 'adoption' as const,
      activeUsers: 5,
      seats: 10,
      explanation: {},
      suggestions: { candidates: [], suppressed: null },
    });
    await upsertHealthScores(db, [score('1', 'green'), score('2', 'green'), score('3', 'yellow')]);
    await assignCsmAtHandoff(db, portalId, '1', '202');
    await assignCsmAtHandoff(db, portalId, '2', '201');
    // An admin removed the yellow option by hand: HubSpot now refuses company 3's band, and with it its batch.
    await harness.client.crm.properties.coreApi.update('companies', 'cs_health_band', {
      options: ['red', 'green'].map((value, index) => ({ label: value, value, displayOrder: index, hidden: false })),
    });

    const result = await pushCompanyWriteBack(harness.deps({ settings: { csmOwnerIds: ['201'] } }), portalId);
    expect(result).toMatchObject({ changed: 3, pushed: 2, notUpdated: ['3'] });
    expect(sandboxValue('1', 'cs_health_band')).toBe('green');
    expect(sandboxValue('1', 'cs_csm')).toBeNull();
    expect(sandboxValue('2', 'cs_csm')).toBe('201');
    expect(sandboxValue('3', 'cs_health_band')).toBeNull();
  });

  it("clears a former customer's lifecycle stage: its onboarding no longer reads as Introduction in HubSpot lists", async () => {
    harness = await startWriteBackHarness(target, {
      companies: ['1', '2'].map((id) => ({ id, properties: { name: `Company ${id}` } })),
    });
    await ensureCustomerSuccessProperties(harness.client, logger);
    const { db } = harness.handle;
    await storeCustomers(harness.handle, [
      { id: '1', mrrMinor: null },
      { id: '2', mrrMinor: null },
    ]);
    const contract = (companyId: string, startDate: string, endDate: string) => ({
      portalId,
      dealId: `deal-${companyId}`,
      companyId,
      kind: 'new' as const,
      product: 'core',
      mrrMinor: 10_000,
      startDate,
      endDate,
      closeDate: '2025-01-01',
      seats: 10,
    });
    // Company 1 left on 2026-02-01; company 2 signed a contract that starts next month.
    await replaceContractsForDeals(
      db,
      portalId,
      ['deal-1', 'deal-2'],
      [contract('1', '2025-02-01', '2026-02-01'), contract('2', '2026-04-01', '2027-04-01')],
    );
    await ensureOnboarding(db, portalId, '1', '2025-02-01');
    await ensureOnboarding(db, portalId, '2', '2026-03-01');
    await pushCompanyWriteBack(harness.deps({}), portalId);
    expect(sandboxValue('1', 'cs_onboarding_stage')).toBeNull();
    expect(sandboxValue('2', 'cs_onboarding_stage')).toBe('introduction');
  });

  it('writes 10,000 changed companies in 100 batch calls, none when nothing changed, and rides out 429s and 5xx', async () => {
    const count = 10_000;
    const ids = Array.from({ length: count }, (_unused, index) => String(index + 1));
    harness = await startWriteBackHarness(target, {
      companies: ids.map((id) => ({ id, properties: { name: `Company ${id}` } })),
    });
    await ensureCustomerSuccessProperties(harness.client, logger);
    await storeCustomers(
      harness.handle,
      ids.map((id) => ({ id, mrrMinor: Number(id) * 100 })),
    );
    harness.sandbox.resetCalls();

    const first = await pushCompanyWriteBack(harness.deps(), portalId);
    expect(first).toMatchObject({ companies: count, changed: count, pushed: count, batches: Math.ceil(count / 100) });
    expect(harness.sandbox.calls()).toEqual({
      total: Math.ceil(count / 100),
      byRoute: { [batchUpdateRoute]: Math.ceil(count / 100) },
    });
    expect(ids.every((id) => sandboxValue(id, 'cs_mrr') === `${id}.00`)).toBe(true);

    harness.sandbox.resetCalls();
    expect(await pushCompanyWriteBack(harness.deps(), portalId)).toMatchObject({ changed: 0, batches: 0 });
    expect(harness.sandbox.calls().total).toBe(0);

    const changed = ids.slice(0, 250);
    await setContracts(
      harness.handle,
      changed.map((id) => ({ companyId: id, mrrMinor: 777 })),
    );
    harness.sandbox.failNext({ status: 429, count: 2, match: batchUpdateRoute });
    harness.sandbox.failNext({ status: 503, match: batchUpdateRoute });
    const retried = await pushCompanyWriteBack(harness.deps(), portalId);
    expect(retried).toMatchObject({ changed: 250, pushed: 250, batches: 3 });
    expect(harness.sandbox.calls().byRoute[batchUpdateRoute]).toBe(3 + 3);
    expect(changed.every((id) => sandboxValue(id, 'cs_mrr') === '7.77')).toBe(true);
    expect(sandboxValue('251', 'cs_mrr')).toBe('251.00');
  }, 240_000);
});
