import type { Client } from '@hubspot/api-client';
import type { Logger } from '../../config/logger';
import type { Database } from '../../db/client';
import {
  recordHandoffEngagement,
  startHandoffEngagement,
  type HandoffEngagementKind,
} from '../../db/repositories/handoff-repository';
import {
  createEngagement,
  findEngagementByMarker,
  updateEngagement,
  type EngagementObjectType,
  type EngagementTarget,
} from '../../hubspot/engagements/engagements-api';
import { withRetry, type RetryOptions } from '../../hubspot/client';

export interface EngagementContext {
  readonly db: Database;
  readonly client: Client;
  readonly logger: Logger;
  readonly retry?: RetryOptions;
  readonly now: () => Date;
  /** Tests: runs after HubSpot answered a create and before its id is recorded, where a crash would hurt. */
  readonly afterCreate?: (kind: HandoffEngagementKind, hubspotId: string) => void | Promise<void>;
}

export interface EngagementSpec {
  readonly portalId: number;
  readonly dealId: string;
  readonly kind: HandoffEngagementKind;
  readonly objectType: EngagementObjectType;
  readonly target: EngagementTarget;
  readonly marker: string;
  /** The text, written at creation and again whenever it changes (the deal was corrected). */
  readonly textProperties: Record<string, string>;
  /** Written at creation only: owner, due date, status belong to the CSM once the record exists. */
  readonly createProperties: Record<string, string>;
  readonly contentHash: string;
}

export interface EngagementOutcome {
  readonly id: string;
  readonly action: 'created' | 'found_after_crash' | 'updated' | 'unchanged';
}

// HubSpot's clock and ours differ a little; the look-up starts this much before our recorded start.
const clockSkewMs = 5 * 60_000;

/**
 * Creates the task or note once per hand-off. The row is written before the create and the id after it;
 * a row without an id means an earlier attempt may have created the record and died before recording it,
 * so the company's tasks or notes in HubSpot are read for the record's marker first (also before any retried create).
 */
export async function ensureEngagement(context: EngagementContext, spec: EngagementSpec): Promise<EngagementOutcome> {
  const key = { portalId: spec.portalId, dealId: spec.dealId, kind: spec.kind };
  const started = await startHandoffEngagement(context.db, {
    ...key,
    objectType: spec.objectType,
    marker: spec.marker,
    startedAt: context.now().toISOString(),
  });
  const retry = { logger: context.logger, ...context.retry };
  const { row } = started;
  if (row.hubspotId === null) {
    const createdSince = new Date(Date.parse(row.startedAt) - clockSkewMs);
    const lookUp = () =>
      findEngagementByMarker(context.client, spec.objectType, spec.target.companyId, spec.marker, createdSince);
    let attempts = 0;
    const { id, foundExisting } = await withRetry(
      `create ${spec.kind}`,
      async () => {
        attempts += 1;
        // A failed create may still have reached HubSpot: every attempt but a fresh row's first looks before it creates.
        if (!started.inserted || attempts > 1) {
          const existing = await lookUp();
          if (existing !== null) return { id: existing, foundExisting: true };
        }
        const created = await createEngagement(
          context.client,
          spec.objectType,
          { ...spec.createProperties, ...spec.textProperties },
          spec.target,
        );
        return { id: created, foundExisting: false };
      },
      retry,
    );
    if (!foundExisting) await context.afterCreate?.(spec.kind, id);
    await recordHandoffEngagement(context.db, key, { hubspotId: id, contentHash: spec.contentHash });
    if (foundExisting)
      context.logger.info({ ...key, hubspotId: id }, 'hand-off record found in HubSpot after an interrupted attempt');
    return { id, action: foundExisting ? 'found_after_crash' : 'created' };
  }
  if (row.contentHash === spec.contentHash) return { id: row.hubspotId, action: 'unchanged' };
  const hubspotId = row.hubspotId;
  await withRetry(
    `update ${spec.kind}`,
    () => updateEngagement(context.client, spec.objectType, hubspotId, spec.textProperties),
    retry,
  );
  await recordHandoffEngagement(context.db, key, { contentHash: spec.contentHash });
  return { id: hubspotId, action: 'updated' };
}

/** Marks the hand-off's task done (the missing fields were filled), once. */
export async function closeTask(
  context: EngagementContext,
  key: { portalId: number; dealId: string; kind: HandoffEngagementKind },
  hubspotId: string,
): Promise<void> {
  await withRetry(
    `complete ${key.kind}`,
    () => updateEngagement(context.client, 'tasks', hubspotId, { hs_task_status: 'COMPLETED' }),
    {
      logger: context.logger,
      ...context.retry,
    },
  );
  await recordHandoffEngagement(context.db, key, { closedAt: context.now().toISOString(), contentHash: null });
}

/** Reopens a completed task whose fields went missing again. */
export async function reopenTask(
  context: EngagementContext,
  key: { portalId: number; dealId: string; kind: HandoffEngagementKind },
  hubspotId: string,
): Promise<void> {
  await withRetry(
    `reopen ${key.kind}`,
    () => updateEngagement(context.client, 'tasks', hubspotId, { hs_task_status: 'NOT_STARTED' }),
    {
      logger: context.logger,
      ...context.retry,
    },
  );
  await recordHandoffEngagement(context.db, key, { closedAt: null });
}
