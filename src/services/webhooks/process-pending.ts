import type { Client } from '@hubspot/api-client';
import type { Logger } from '../../config/logger';
import type { Database } from '../../db/client';
import { appliedVersions, type CrmObjectVersion } from '../../db/repositories/crm-object-versions-repository';
import { dealIdsOfCompanies } from '../../db/repositories/crm-record-changes-repository';
import {
  listPendingWebhookEvents,
  lockPendingWebhookEvents,
  markWebhookEventsProcessed,
  type StoredWebhookEvent,
  type WebhookEventOutcome,
} from '../../db/repositories/webhook-events-repository';
import type { RetryOptions } from '../../hubspot/client';
import { applyRecordChanges } from '../sync/apply-records';
import { notifyClosedWonDeals, type ClosedWonListener } from '../sync/closed-won-notifications';
import { createDealStageCatalog } from '../sync/deal-stage-catalog';
import { recountRenewalsWhenStale } from '../sync/renewal-rule';
import { fetchCompaniesById, fetchDealsById } from '../../hubspot/sync/fetch-records';
import { collapseEffects, effectsOf, type RecordEffect, type SyncedObjectType } from './event-effects';
import { webhookEventSchema } from './webhook-event-schema';

export interface WebhookProcessingDependencies {
  readonly db: Database;
  readonly client: Client;
  readonly logger?: Logger;
  /** Told, after the commit, of deals that entered a closed-won stage; must be idempotent per deal. */
  readonly onDealsClosedWon?: ClosedWonListener;
  readonly retry?: RetryOptions;
  /** Events taken per transaction. */
  readonly chunkSize?: number;
  /** Chunks per call; unset: until none is pending. A job stops here so it never outlives its expiry. */
  readonly maxChunks?: number;
}

export interface WebhookProcessingResult {
  readonly processed: number;
  readonly outcomes: Record<WebhookEventOutcome, number>;
  /** Deals this run found entering closed won. */
  readonly closedWonDealIds: string[];
  /** Stopped at maxChunks: events may still be pending. */
  readonly more: boolean;
}

const defaultChunkSize = 500;

interface PlannedEvent {
  /** The stored row's id: eventId alone does not identify a delivery. */
  readonly id: number;
  readonly effects: RecordEffect[];
}

function planEvent(stored: StoredWebhookEvent, logger: Logger | undefined): PlannedEvent {
  const parsed = webhookEventSchema.safeParse(stored.payload);
  if (!parsed.success) {
    logger?.warn({ eventId: stored.eventId, issues: parsed.error.issues }, 'stored webhook event no longer parses');
    return { id: stored.id, effects: [] };
  }
  return { id: stored.id, effects: effectsOf(parsed.data) };
}

async function appliedAtLookup(db: Database, portalId: number, effects: readonly RecordEffect[]) {
  const idsOf = (type: SyncedObjectType) =>
    effects.filter((effect) => effect.objectType === type).map((effect) => effect.objectId);
  const versions = {
    companies: await appliedVersions(db, portalId, 'companies', idsOf('companies')),
    deals: await appliedVersions(db, portalId, 'deals', idsOf('deals')),
  };
  return (effect: RecordEffect) => versions[effect.objectType].get(effect.objectId)?.getTime();
}

/**
 * Processes a portal's stored webhook events, oldest first, a chunk per transaction: each record touched is read
 * again from HubSpot and stored the way the full sync stores it, and the chunk's events are marked processed in
 * the same transaction, so after a crash only unfinished chunks run again.
 */
export async function processPendingWebhookEvents(
  deps: WebhookProcessingDependencies,
  portalId: number,
): Promise<WebhookProcessingResult> {
  const { db, client, logger } = deps;
  const outcomes: Record<WebhookEventOutcome, number> = { applied: 0, stale: 0, unsupported: 0 };
  const closedWonDealIds: string[] = [];
  // Entries recorded by a run that stopped before telling the listener come first.
  await notifyClosedWonDeals(db, portalId, deps.onDealsClosedWon);
  const stages = await createDealStageCatalog(client, db, portalId, { logger, ...deps.retry });
  let chunks = 0;
  let more = false;
  let dealsChanged = false;
  for (;;) {
    if (deps.maxChunks !== undefined && chunks >= deps.maxChunks) {
      more = true;
      break;
    }
    chunks += 1;
    const pending = await listPendingWebhookEvents(db, portalId, deps.chunkSize ?? defaultChunkSize);
    if (pending.length === 0) break;
    const planned = pending.map((stored) => planEvent(stored, logger));
    const allEffects = planned.flatMap((event) => event.effects);
    const effects = collapseEffects(allEffects, await appliedAtLookup(db, portalId, allEffects));

    const removedCompanyIds = effects
      .filter((effect) => effect.objectType === 'companies' && effect.action === 'remove')
      .map((effect) => effect.objectId);
    const refreshCompanyIds = effects
      .filter((effect) => effect.objectType === 'companies' && effect.action === 'refresh')
      .map((effect) => effect.objectId);
    const refreshDealIds = new Set(
      effects
        .filter((effect) => effect.objectType === 'deals' && effect.action === 'refresh')
        .map((effect) => effect.objectId),
    );
    const removedDealIds = new Set(
      effects
        .filter((effect) => effect.objectType === 'deals' && effect.action === 'remove')
        .map((effect) => effect.objectId),
    );
    // A company's deletion or merge moves its deals' links, so their contracts are derived again.
    for (const dealId of await dealIdsOfCompanies(db, portalId, removedCompanyIds))
      if (!removedDealIds.has(dealId)) refreshDealIds.add(dealId);

    const companies = await fetchCompaniesById(client, refreshCompanyIds, { logger, ...deps.retry });
    const deals = await fetchDealsById(client, [...refreshDealIds], { logger, ...deps.retry });
    const settings = await stages.settingsFor(deals.found);
    const removedCompanies = [...removedCompanyIds, ...companies.missing];
    const removedDeals = [...removedDealIds, ...deals.missing];
    const missing = new Set([
      ...companies.missing.map((id) => `companies:${id}`),
      ...deals.missing.map((id) => `deals:${id}`),
    ]);
    const versions: CrmObjectVersion[] = effects.map((effect) => ({
      portalId,
      objectType: effect.objectType,
      objectId: effect.objectId,
      appliedAt: new Date(effect.occurredAt),
      action:
        effect.action === 'remove' || missing.has(`${effect.objectType}:${effect.objectId}`) ? 'remove' : 'refresh',
    }));

    const eventOutcomes = new Map<number, WebhookEventOutcome>(
      planned.map((event) => [
        event.id,
        event.effects.length === 0 ? 'unsupported' : isStale(event, effects) ? 'stale' : 'applied',
      ]),
    );
    const applied = await db.transaction(async (transaction) => {
      const locked = await lockPendingWebhookEvents(
        transaction,
        portalId,
        pending.map((event) => event.id),
      );
      // Another worker finished these first; what was read from HubSpot is still current, so applying it is harmless.
      const result = await applyRecordChanges(transaction, portalId, settings, {
        companies: companies.found,
        deals: deals.found,
        removedCompanyIds: removedCompanies,
        removedDealIds: removedDeals,
        versions,
      });
      await markWebhookEventsProcessed(
        transaction,
        portalId,
        new Map([...eventOutcomes].filter(([id]) => locked.has(id))),
      );
      return { result, locked };
    });
    for (const [id, outcome] of eventOutcomes) if (applied.locked.has(id)) outcomes[outcome] += 1;
    dealsChanged ||= deals.found.length + removedDeals.length > 0;
    closedWonDealIds.push(...applied.result.closedWonDealIds);
    logger?.debug({ portalId, events: pending.length, records: effects.length }, 'webhook events processed');
    await notifyClosedWonDeals(db, portalId, deps.onDealsClosedWon);
  }
  // The KPI reports' note follows deals the team fixes or deletes in HubSpot (a deletion reaches no incremental sync).
  if (dealsChanged) await recountRenewalsWhenStale(db, portalId, new Date(), logger);
  return { processed: outcomes.applied + outcomes.stale + outcomes.unsupported, outcomes, closedWonDealIds, more };
}

/** Stale: every effect of the event lost to a change already applied that occurred later. */
function isStale(event: PlannedEvent, kept: readonly RecordEffect[]): boolean {
  return event.effects.every(
    (effect) => !kept.some((other) => other.objectType === effect.objectType && other.objectId === effect.objectId),
  );
}
