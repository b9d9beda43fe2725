import type { Client } from '@hubspot/api-client';
import type { Logger } from '../../config/logger';
import type { Database } from '../../db/client';
import { refreshPlannerStatistics } from '../../db/repositories/planner-statistics-repository';
import { replaceExchangeRates } from '../../db/repositories/exchange-rates-repository';
import { upsertPortal, type PortalDetails } from '../../db/repositories/portals-repository';
import {
  advanceSyncCursor,
  finishSyncState,
  listSyncStates,
  resetSyncStates,
  startSyncState,
  type SyncState,
} from '../../db/repositories/sync-state-repository';
import { withRetry, type RetryOptions } from '../../hubspot/client';
import { loadContractSettings } from './contract-settings';
import { fetchExchangeRates } from '../../hubspot/sync/exchange-rates-sync';
import { fetchDealPipelineStages } from '../../hubspot/sync/pipelines-sync';
import { storeDealPipelineStages } from './pipeline-stages';
import { companiesStep, dealsStep, ownersStep, type PagedStep, type PageSettings } from './sync-steps';
import { scopeEffectInWords } from '../install/optional-scopes';

export const fullSyncObjectTypes = ['owners', 'pipelines', 'companies', 'deals'] as const;
export type SyncObjectType = (typeof fullSyncObjectTypes)[number];

export interface SyncProgress {
  readonly objectType: SyncObjectType;
  readonly synced: number;
  readonly pages: number;
  readonly done: boolean;
  readonly resumed: boolean;
}

export interface FullSyncOptions {
  readonly client: Client;
  readonly db: Database;
  readonly portal: PortalDetails;
  readonly logger?: Logger;
  readonly retry?: RetryOptions;
  readonly onProgress?: (progress: SyncProgress) => void;
  /** Lets tests stop a run between pages as a crash would. */
  readonly afterPage?: (objectType: SyncObjectType, pages: number) => void | Promise<void>;
}

export interface FullSyncResult {
  readonly counts: Record<SyncObjectType, number>;
  readonly resumed: boolean;
}

const pagedSteps: Record<Exclude<SyncObjectType, 'pipelines'>, PagedStep> = {
  owners: ownersStep,
  companies: companiesStep,
  deals: dealsStep,
};

/** A run is unfinished when some object type has started or finished but not all have finished. */
function isUnfinishedRun(states: SyncState[]): boolean {
  const byType = new Map(states.map((state) => [state.objectType, state.status]));
  const statuses = fullSyncObjectTypes.map((type) => byType.get(type) ?? 'idle');
  return (
    statuses.some((status) => status === 'running' || status === 'failed') ||
    (statuses.includes('complete') && !statuses.every((status) => status === 'complete'))
  );
}

/**
 * Full sync of owners, deal pipelines, companies and deals (with their company associations), page by page.
 * Each page and its cursor commit in one transaction, so a crashed run resumes at the page it stopped on.
 */
export async function runFullSync(options: FullSyncOptions): Promise<FullSyncResult> {
  const { db, portal } = options;
  await upsertPortal(db, portal);
  let states = await listSyncStates(db, portal.id);
  const resumed = isUnfinishedRun(states);
  const dealsSyncedBefore = states.some((state) => state.objectType === 'deals' && state.completedAt !== null);
  if (!resumed) {
    await resetSyncStates(db, portal.id);
    states = await listSyncStates(db, portal.id);
  }
  const counts: Record<SyncObjectType, number> = { owners: 0, pipelines: 0, companies: 0, deals: 0 };
  for (const objectType of fullSyncObjectTypes) {
    const state = states.find((candidate) => candidate.objectType === objectType);
    if (resumed && state?.status === 'complete') {
      counts[objectType] = state.recordsSynced;
      options.onProgress?.({ objectType, synced: state.recordsSynced, pages: 0, done: true, resumed: true });
      continue;
    }
    try {
      const step = objectType === 'pipelines' ? undefined : pagedSteps[objectType];
      counts[objectType] =
        step === undefined
          ? await syncPipelines(options)
          : await syncPaged(options, step, resumed ? state : undefined, dealsSyncedBefore);
      // One transaction: a run that dies before the step's completion work commits redoes it when it resumes.
      await db.transaction(async (transaction) => {
        await step?.complete?.(transaction, portal.id);
        await finishSyncState(transaction, portal.id, objectType, 'complete');
      });
    } catch (error) {
      await finishSyncState(
        db,
        portal.id,
        objectType,
        'failed',
        error instanceof Error ? error.message : String(error),
      );
      throw error;
    }
  }
  // The portal's records arrived in one go: give the planner their statistics before the first cards ask.
  await refreshPlannerStatistics(db);
  return { counts, resumed };
}

async function syncPipelines(options: FullSyncOptions): Promise<number> {
  const { db, client, portal } = options;
  await startSyncState(db, portal.id, 'pipelines');
  const rows = await withRetry('GET /crm/v3/pipelines/deals', () => fetchDealPipelineStages(client, portal.id), {
    logger: options.logger,
    ...options.retry,
  });
  // The portal's exchange rates are reference data like its pipelines: the deals after them are converted with them.
  const rates = await withRetry(
    'GET /settings/currencies/2026-03/exchange-rates',
    () => fetchExchangeRates(client, portal.id, portal.currency),
    { logger: options.logger, ...options.retry },
  );
  if (rates === undefined)
    options.logger?.warn({ portalId: portal.id }, scopeEffectInWords('settings.currencies.read'));
  await db.transaction(async (transaction) => {
    await storeDealPipelineStages(transaction, portal.id, rows);
    if (rates !== undefined) await replaceExchangeRates(transaction, portal.id, rates);
    await advanceSyncCursor(transaction, portal.id, 'pipelines', null, rows.length);
  });
  options.onProgress?.({ objectType: 'pipelines', synced: rows.length, pages: 1, done: true, resumed: false });
  return rows.length;
}

async function syncPaged(
  options: FullSyncOptions,
  step: PagedStep,
  resumeFrom: SyncState | undefined,
  dealsSyncedBefore: boolean,
): Promise<number> {
  const { db, client, portal } = options;
  const resumed = resumeFrom !== undefined && resumeFrom.status !== 'idle';
  const cursor = resumed ? resumeFrom.cursor : null;
  let synced = resumed ? resumeFrom.recordsSynced : 0;
  if (!resumed) await startSyncState(db, portal.id, step.objectType);
  const contractSettings: PageSettings = { ...(await loadContractSettings(db, portal.id)), dealsSyncedBefore };
  const fetchPage = (after: string | null) => {
    const request = withRetry(
      `list ${step.objectType}`,
      () => step.fetchPage(client, portal.id, after, contractSettings),
      { logger: options.logger, ...options.retry },
    );
    // Until awaited, a prefetched page's failure must not count as an unhandled rejection.
    request.catch(() => undefined);
    return request;
  };
  let pages = 0;
  let pending = fetchPage(cursor);
  try {
    for (;;) {
      const page = await pending;
      // The next page downloads while this one is written; its cursor still commits only after this page does.
      if (page.nextCursor !== null) pending = fetchPage(page.nextCursor);
      await db.transaction(async (transaction) => {
        await page.store(transaction);
        await advanceSyncCursor(transaction, portal.id, step.objectType, page.nextCursor, page.records);
      });
      synced += page.records;
      pages += 1;
      options.onProgress?.({ objectType: step.objectType, synced, pages, done: page.nextCursor === null, resumed });
      await options.afterPage?.(step.objectType, pages);
      if (page.nextCursor === null) break;
    }
  } catch (error) {
    // No request may outlive the run: settle the prefetched page before reporting the failure.
    await pending.catch(() => undefined);
    throw error;
  }
  return synced;
}
