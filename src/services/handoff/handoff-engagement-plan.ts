import { listHandoffEngagements, recordHandoffEngagement } from '../../db/repositories/handoff-repository';
import { businessDueInstant } from '../../domain/handoff/business-days';
import type { HandoffSettings } from '../../domain/handoff/handoff-settings';
import {
  csmTaskText,
  handoffMarker,
  missingFieldsTaskText,
  summaryNoteText,
  textFingerprint,
  type DealSummary,
  type EngagementText,
} from '../../domain/handoff/handoff-text';
import type { TouchModel } from '../../domain/lifecycle/touch-model';
import { findEngagementByMarker } from '../../hubspot/engagements/engagements-api';
import { withRetry } from '../../hubspot/client';
import {
  closeTask,
  ensureEngagement,
  reopenTask,
  type EngagementContext,
  type EngagementOutcome,
} from './handoff-engagements';

export interface HandoffEngagementOutcomes {
  readonly csmTask: EngagementOutcome;
  readonly summaryNote: EngagementOutcome;
  /** The deal owner's task: open while required fields are missing, completed once they are filled. */
  readonly missingFieldsTask: (EngagementOutcome & { readonly open: boolean }) | null;
}

export interface EngagementPlanInput {
  readonly portalId: number;
  readonly dealId: string;
  readonly companyId: string;
  readonly timeZone: string;
  readonly summary: DealSummary;
  readonly csmOwnerId: string | null;
  readonly dealOwnerId: string | null;
  readonly touchModel: TouchModel;
  readonly settings: HandoffSettings;
}

function taskProperties(text: EngagementText) {
  return { hs_task_subject: text.subject, hs_task_body: text.body };
}

export async function createHandoffEngagements(
  context: EngagementContext,
  input: EngagementPlanInput,
): Promise<HandoffEngagementOutcomes> {
  const { portalId, dealId } = input;
  const target = { companyId: input.companyId, dealId };
  const { dueAt } = businessDueInstant(context.now().getTime(), input.timeZone, input.settings);
  const openTask = (ownerId: string | null, priority: string) => ({
    hs_timestamp: new Date(dueAt).toISOString(),
    hs_task_status: 'NOT_STARTED',
    hs_task_priority: priority,
    hs_task_type: 'TODO',
    ...(ownerId === null ? {} : { hubspot_owner_id: ownerId }),
  });

  const csmMarker = handoffMarker(portalId, dealId, 'csm_task');
  const csmText = csmTaskText(input.summary, csmMarker);
  const csmTask = await ensureEngagement(context, {
    portalId,
    dealId,
    kind: 'csm_task',
    objectType: 'tasks',
    target,
    marker: csmMarker,
    textProperties: taskProperties(csmText),
    createProperties: openTask(input.csmOwnerId, input.settings.taskPriorityByTouchModel[input.touchModel]),
    contentHash: textFingerprint(csmText),
  });

  const noteMarker = handoffMarker(portalId, dealId, 'summary_note');
  const noteText = summaryNoteText(input.summary, noteMarker);
  const summaryNote = await ensureEngagement(context, {
    portalId,
    dealId,
    kind: 'summary_note',
    objectType: 'notes',
    target,
    marker: noteMarker,
    textProperties: { hs_note_body: noteText.body },
    createProperties: {
      hs_timestamp: context.now().toISOString(),
      ...(input.csmOwnerId === null ? {} : { hubspot_owner_id: input.csmOwnerId }),
    },
    contentHash: textFingerprint(noteText),
  });

  return {
    csmTask,
    summaryNote,
    missingFieldsTask: await syncMissingFieldsTask(context, input, openTask(input.dealOwnerId, 'HIGH')),
  };
}

/** Opens, updates, completes or reopens the deal owner's task so it always lists what is still missing. */
async function syncMissingFieldsTask(
  context: EngagementContext,
  input: EngagementPlanInput,
  createProperties: Record<string, string>,
): Promise<HandoffEngagementOutcomes['missingFieldsTask']> {
  const { portalId, dealId } = input;
  const key = { portalId, dealId, kind: 'missing_fields_task' as const };
  const marker = handoffMarker(portalId, dealId, 'missing_fields_task');
  const existing = (await listHandoffEngagements(context.db, portalId, dealId)).find((row) => row.kind === key.kind);
  if (input.summary.missing.length > 0) {
    const text = missingFieldsTaskText(input.summary, marker);
    const outcome = await ensureEngagement(context, {
      ...key,
      objectType: 'tasks',
      target: { companyId: input.companyId, dealId },
      marker,
      textProperties: taskProperties(text),
      createProperties,
      contentHash: textFingerprint(text),
    });
    if (existing?.closedAt) await reopenTask(context, key, outcome.id);
    return { ...outcome, open: true };
  }
  if (!existing) return null;
  let hubspotId = existing.hubspotId;
  if (hubspotId === null) {
    // An attempt died between creating the task and recording it: find it so it can be completed.
    const since = new Date(Date.parse(existing.startedAt) - 5 * 60_000);
    hubspotId = await withRetry(
      'find missing_fields_task',
      () => findEngagementByMarker(context.client, 'tasks', input.companyId, marker, since),
      {
        logger: context.logger,
        ...context.retry,
      },
    );
    if (hubspotId === null) return null;
    await recordHandoffEngagement(context.db, key, { hubspotId });
  }
  if (existing.closedAt) return { id: hubspotId, action: 'unchanged', open: false };
  await closeTask(context, key, hubspotId);
  return { id: hubspotId, action: 'updated', open: false };
}
