import type { Client } from '@hubspot/api-client';
import type { Logger } from '../../config/logger';
import type { Database } from '../../db/client';
import type { CrmObjectVersion } from '../../db/repositories/crm-object-versions-repository';
import { advanceModifiedSince, findModifiedSince } from '../../db/repositories/incremental-sync-cursors-repository';
import { upsertPortal, type PortalDetails } from '../../db/repositories/portals-repository';
import { listSyncStates } from '../../db/repositories/sync-state-repository';
import type { RetryOptions } from '../../hubspot/client';
import { applyRecordChanges } from './apply-records';
import { notifyClosedWonDeals, type ClosedWonListener } from './closed-won-notifications';
import { createDealStageCatalog, type DealStageCatalog } from './deal-stage-catalog';
import { refreshOwnersWhenStale } from './owners-refresh';
import { withDealCompanies } from '../../hubspot/sync/fetch-records';
import {
  modifiedAt,
  modifiedPageSize,
  modifiedSearch,
  windowsUnderCap,
  type ModifiedObjectType,
  type ModifiedSearch,
} from '../../hubspot/sync/modified-search';
import type { HubSpotObject } from '../../hubspot/sync/record-mapping';

export const incrementalObjectTypes: readonly ModifiedObjectType[] = ['companies', 'deals'];

/** HubSpot's search index trails its writes by seconds; changes younger than this wait for the next run. */
export const defaultSearchLagMilliseconds = 60_000;

export interface IncrementalSyncOptions {
  readonly client: Client;
  readonly db: Database;
  readonly portal: PortalDetails;
  readonly logger?: Logger;
  readonly now?: () => number;
  readonly lagMilliseconds?: number;
  readonly retry?: RetryOptions;
  /** Told, after each commit, of deals that entered a closed-won stage; must be idempotent per deal. */
  readonly onDealsClosedWon?: ClosedWonListener;
  /** Lets tests stop a run between pages as a crash would. */
  readonly afterPage?: (objectType: ModifiedObjectType, pages: number) => void | Promise<void>;
}

export interface IncrementalSyncResult {
  readonly counts: Record<ModifiedObjectType, number>;
  /** Search windows read, after splitting to stay under the result cap. */
  readonly windows: number;
  readonly closedWonDealIds: string[];
}

/** The run's pages wait here to be stored, in the order they were read, while the next searches go out. */
interface StoreQueue {
  tail: Promise<void>;
}

interface RunContext {
  readonly options: IncrementalSyncOptions;
  readonly stages: DealStageCatalog;
  readonly search: ModifiedSearch;
  readonly objectType: ModifiedObjectType;
  readonly stores: StoreQueue;
  pages: number;
  synced: number;
  readonly closedWonDealIds: string[];
}

/**
 * Queues `work` after every store queued before it and resolves when the one before is done: the caller reads on
 * while this page is stored, but never more than one page ahead of the database.
 */
function enqueueStore(stores: StoreQueue, work: () => Promise<void>): Promise<void> {
  const previous = stores.tail;
  stores.tail = previous.then(work);
  // Seen by whoever waits next; until then it must not count as an unhandled rejection.
  stores.tail.catch(() => undefined);
  return previous;
}

/** Where a portal's first incremental run starts: when its last full sync began reading that type, else the epoch. */
async function startingPoint(db: Database, portalId: number, objectType: ModifiedObjectType): Promise<number> {
  const stored = await findModifiedSince(db, portalId, objectType);
  if (stored) return stored.getTime();
  const fullSync = (await listSyncStates(db, portalId)).find(
    (state) => state.objectType === objectType && state.status === 'complete',
  );
  return fullSync?.startedAt?.getTime() ?? 0;
}

/** Stores a page of records and moves the high-water mark to `modifiedSince` in one transaction. */
async function storePage(context: RunContext, records: readonly HubSpotObject[], modifiedSince: number): Promise<void> {
  const { options, objectType } = context;
  const { db, portal } = options;
  const retry = { logger: options.logger, ...options.retry };
  const deals = objectType === 'deals' ? await withDealCompanies(options.client, records, retry) : [];
  const settings = await context.stages.settingsFor(deals);
  const versions = records.flatMap((record): CrmObjectVersion[] => {
    const at = modifiedAt(record);
    return at === undefined
      ? []
      : [{ portalId: portal.id, objectType, objectId: record.id, appliedAt: new Date(at), action: 'refresh' }];
  });
  const applied = await db.transaction(async (transaction) => {
    const result = await applyRecordChanges(
      transaction,
      portal.id,
      settings,
      objectType === 'companies' ? { companies: records, versions } : { deals, versions },
    );
    await advanceModifiedSince(transaction, portal.id, objectType, new Date(modifiedSince));
    return result;
  });
  context.closedWonDealIds.push(...applied.closedWonDealIds);
  context.synced += records.length;
  context.pages += 1;
  await notifyClosedWonDeals(db, portal.id, options.onDealsClosedWon);
  await options.afterPage?.(objectType, context.pages);
}

/**
 * A page full of records modified in one millisecond: that millisecond is read in id order, each page after the last
 * id. HubSpot orders records of one instant in no stated way, so offsets there could skip or repeat a record, and a
 * record modified meanwhile (leaving the instant) would shift the rest; a bulk update can also stamp more records
 * with one instant than offsets reach (10,000).
 */
async function readMillisecond(context: RunContext, instant: number): Promise<HubSpotObject[]> {
  const records: HubSpotObject[] = [];
  let idAbove = '0';
  for (;;) {
    const page = await context.search({ from: instant, to: instant + 1, limit: modifiedPageSize, idAbove });
    records.push(...page.results);
    const last = page.results.at(-1);
    if (page.results.length < modifiedPageSize || last === undefined) return records;
    idAbove = last.id;
  }
}

/**
 * One window, oldest first. Each next page starts at the last record's modification instant instead of an
 * offset, so a record modified meanwhile (leaving the window) cannot shift another one out of view. That instant is
 * known as soon as a page arrives, so the next page is read while this one is stored: on a portal held back by the
 * search limit, the database work fits in the wait for the next search slot instead of adding to it.
 */
async function syncWindow(context: RunContext, start: number, end: number): Promise<void> {
  const store = (records: readonly HubSpotObject[], modifiedSince: number) =>
    enqueueStore(context.stores, () => storePage(context, records, modifiedSince));
  let cursor = start;
  for (;;) {
    const page = await context.search({ from: cursor, to: end, limit: modifiedPageSize });
    if (page.results.length < modifiedPageSize) {
      await store(page.results, end);
      return;
    }
    const last = modifiedAt(page.results[page.results.length - 1] as HubSpotObject) ?? cursor;
    if (last > cursor) {
      await store(page.results, last);
      cursor = last;
    } else {
      await store(await readMillisecond(context, cursor), cursor + 1);
      cursor += 1;
    }
  }
}

/**
 * The safety net for missed webhooks: every company and deal modified since the last run (less a short lag), read
 * by CRM search in windows kept under the 10,000-result cap and stored the way the full sync stores them. The
 * high-water mark commits with each page, so an interrupted run resumes where it stopped.
 */
export async function runIncrementalSync(options: IncrementalSyncOptions): Promise<IncrementalSyncResult> {
  const { db, portal } = options;
  await upsertPortal(db, portal);
  const stages = await createDealStageCatalog(options.client, db, portal.id, {
    logger: options.logger,
    ...options.retry,
  });
  const now = (options.now ?? Date.now)();
  const owners = await refreshOwnersWhenStale(options.client, db, portal.id, now);
  if (owners !== null) options.logger?.info({ portalId: portal.id, owners }, 'owners read again');
  const until = now - (options.lagMilliseconds ?? defaultSearchLagMilliseconds);
  const counts: Record<ModifiedObjectType, number> = { companies: 0, deals: 0 };
  const closedWonDealIds: string[] = [];
  let windowCount = 0;
  await notifyClosedWonDeals(db, portal.id, options.onDealsClosedWon);
  const stores: StoreQueue = { tail: Promise.resolve() };
  try {
    for (const objectType of incrementalObjectTypes) {
      const from = await startingPoint(db, portal.id, objectType);
      if (from >= until) continue;
      const search = modifiedSearch(options.client, objectType, { logger: options.logger, ...options.retry });
      const context: RunContext = {
        options,
        stages,
        search,
        objectType,
        stores,
        pages: 0,
        synced: 0,
        closedWonDealIds,
      };
      const windows = await windowsUnderCap(search, from, until);
      for (const [start, end] of windows) await syncWindow(context, start, end);
      windowCount += windows.length;
      await enqueueStore(stores, async () => {
        // Nothing left in a window's tail still moves the mark to where this run looked up to.
        await advanceModifiedSince(db, portal.id, objectType, new Date(until));
        counts[objectType] = context.synced;
        options.logger?.info(
          { portalId: portal.id, objectType, records: context.synced, windows: windows.length },
          'incremental sync done',
        );
      });
    }
  } catch (error) {
    // A failed search leaves no store running behind the failure: a retry must not race it.
    await stores.tail.catch(() => undefined);
    throw error;
  }
  await stores.tail;
  return { counts, windows: windowCount, closedWonDealIds };
}
