import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/client';
import { countCompanies, listCompanySummaries } from '../../src/db/repositories/companies-repository';
import { storedDealStages } from '../../src/db/repositories/crm-record-changes-repository';
import { fetchPortalDetails } from '../../src/hubspot/portal-details';
import { runIncrementalSync } from '../../src/services/sync/incremental-sync';
import { databaseTargets } from '../support/databases';
import {
  fixture,
  logger,
  portalId,
  expansionPipeline,
  startHarness,
  type WebhookHarness,
} from '../webhooks/webhook-harness';

const searchRoute = 'POST /crm/v3/objects/companies/search';
class CrashBetweenPages extends Error {}

describe.each(databaseTargets)('incremental sync on $name', (target) => {
  let handle: DatabaseHandle;
  let harness: WebhookHarness;

  beforeEach(async () => {
    handle = await target.open();
    harness = await startHarness(handle);
  });
  afterEach(async () => {
    await harness.running.close();
    await handle.close();
  });

  // Past the search lag, so changes made just now are due, and HubSpot's search index has caught up with them.
  const later = () => Date.now() + 120_000;
  const sync = async (extra: Partial<Parameters<typeof runIncrementalSync>[0]> = {}) => {
    harness.sandbox.store.objects.searchIndex.catchUp();
    return runIncrementalSync({
      client: harness.client,
      db: handle.db,
      portal: await fetchPortalDetails(harness.client),
      logger,
      now: later,
      retry: { retries: 0 },
      ...extra,
    });
  };
  /** Companies modified one millisecond apart from `start` on, as a bulk update would leave them. */
  const addCompanies = (count: number, start: number) => {
    for (let index = 0; index < count; index += 1) {
      const instant = new Date(start + index).toISOString();
      harness.sandbox.store.objects.create(
        'companies',
        { name: `Bulk ${index}` },
        { trusted: true, createdAt: instant, updatedAt: instant },
      );
    }
  };

  it('catches changes made in HubSpot while webhooks were off, and reports the deal that entered closed won', async () => {
    harness.sandbox.store.objects.update('companies', '1003', { name: 'Cedar Health Group' });
    harness.sandbox.store.objects.update('deals', '2012', {
      dealstage: 'closedwon',
      closedate: '2025-06-01T00:00:00.000Z',
    });
    const told: string[] = [];

    const result = await sync({
      onDealsClosedWon: (_portal, dealIds) => {
        told.push(...dealIds);
        return Promise.resolve();
      },
    });

    expect(result.counts).toEqual({ companies: 1, deals: 1 });
    expect(result.closedWonDealIds).toEqual(['2012']);
    expect(told).toEqual(['2012']);
    const summaries = await listCompanySummaries(handle.db, { portalId, onDate: '2026-01-01', limit: 100 });
    expect(summaries.find((company) => company.id === '1003')?.name).toBe('Cedar Health Group');
    expect((await storedDealStages(handle.db, portalId, ['2012'])).get('2012')?.stageId).toBe('closedwon');

    const again = await sync();
    expect(again.counts).toEqual({ companies: 0, deals: 0 });
  });

  it('reads the pipelines again when a deal sits in a stage of a pipeline made after the full sync', async () => {
    harness.sandbox.store.putDealPipeline(expansionPipeline);
    harness.sandbox.store.objects.update('deals', '2005', {
      pipeline: 'expansion',
      dealstage: 'expansionwon',
      closedate: '2025-07-01T00:00:00.000Z',
    });

    const result = await sync();

    expect(result.closedWonDealIds).toEqual(['2005']);
    expect((await storedDealStages(handle.db, portalId, ['2005'])).get('2005')?.stageId).toBe('expansionwon');
  });

  it('resumes after a failure at the page it stopped on', async () => {
    addCompanies(250, Date.now());
    await expect(
      sync({
        afterPage: (objectType, pages) => {
          if (objectType === 'companies' && pages === 2) throw new CrashBetweenPages();
        },
      }),
    ).rejects.toBeInstanceOf(CrashBetweenPages);
    // Two pages committed (each next page starts at the last record's instant, so it re-reads that one).
    const afterCrash = await countCompanies(handle.db, portalId);
    expect(afterCrash).toBeGreaterThanOrEqual(fixture.companies.length + 199);
    expect(afterCrash).toBeLessThan(fixture.companies.length + 250);

    harness.sandbox.resetCalls();
    const resumed = await sync();
    expect(resumed.counts.companies).toBeLessThan(60);
    expect(await countCompanies(handle.db, portalId)).toBe(fixture.companies.length + 250);
  });

  it('reads a burst of changes in one millisecond past a page', async () => {
    const instant = new Date(Date.now()).toISOString();
    for (let index = 0; index < 230; index += 1) {
      harness.sandbox.store.objects.create(
        'companies',
        { name: `Same ${index}` },
        { trusted: true, createdAt: instant, updatedAt: instant },
      );
    }
    await sync();
    expect(await countCompanies(handle.db, portalId)).toBe(fixture.companies.length + 230);
  });

  it(
    'splits a window that holds more than the search cap of 10,000 and reads every record',
    { timeout: 600_000 },
    async () => {
      addCompanies(10_050, Date.now());
      harness.sandbox.resetCalls();
      const result = await sync();

      expect(result.windows).toBeGreaterThanOrEqual(2);
      expect(result.counts.companies).toBeGreaterThanOrEqual(10_050);
      expect(await countCompanies(handle.db, portalId)).toBe(fixture.companies.length + 10_050);
      // About one search per page of 100, plus the probes.
      expect(harness.sandbox.calls().byRoute[searchRoute]).toBeLessThanOrEqual(Math.ceil(10_050 / 100) * 1.1 + 10);
    },
  );
});
