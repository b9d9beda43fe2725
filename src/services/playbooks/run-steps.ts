import { createHmac, randomUUID } from 'node:crypto';
import type { Client } from '@hubspot/api-client';
import { z } from 'zod';
import type { Logger } from '../../config/logger';
import type { Database } from '../../db/client';
import {
  claimStep,
  settleStep,
  type PlaybookRunRow,
  type PlaybookRunStepRow,
} from '../../db/repositories/playbook-runs-repository';
import { evidenceSchema } from '../../domain/playbooks/evaluate-trigger';
import { taskOwnerOf, type CompanyOwners, type PlaybookStep } from '../../domain/playbooks/playbook-schema';
import { bodyWithMarker, renderTemplate } from '../../domain/playbooks/step-template';
import { createCompanyEngagement, findEngagementByMarker } from '../../hubspot/engagements/engagements-api';
import { statusOf, withRetry } from '../../hubspot/client';
import type { StoredPlaybook } from './playbook-definitions';

// A claim this young belongs to a worker that may still be waiting for HubSpot's answer.
export const stepClaimLeaseMs = 2 * 60_000;
// HubSpot's clock and ours differ a little; a look-up for a lost create starts this much before the claim.
const clockSkewMs = 5 * 60_000;

export interface StepContext {
  readonly db: Database;
  readonly client: Client;
  readonly logger: Logger;
  /** Signs outbound webhooks (HMAC-SHA256); without it webhook steps fail with that reason. */
  readonly webhookSecret?: string;
  readonly fetch?: typeof globalThis.fetch;
  /** How long a claim protects a step being performed (default two minutes). */
  readonly claimLeaseMs?: number;
  /** Tests: runs after HubSpot answered a create and before its id is recorded. */
  readonly afterCreate?: (step: PlaybookRunStepRow, hubspotId: string) => void | Promise<void>;
}

/** What a run keeps of why it opened: the evidence and the company's name at that moment. */
export const storedEvidenceSchema = evidenceSchema.extend({ companyName: z.string() });

/** The text in a task's or note's body that finds it again when HubSpot's answer to its create was lost. */
export function stepMarker(runId: string, position: number): string {
  return `[playbook run ${runId} step ${position}]`;
}

export function webhookSignature(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

type StepResult =
  | { readonly state: 'done'; readonly hubspotId: string | null; readonly taskStatus?: string }
  | { readonly state: 'failed'; readonly error: string }
  | { readonly state: 'retry' | 'unconfirmed'; readonly error: string };

async function createEngagementOnce(
  context: StepContext,
  type: 'tasks' | 'notes',
  properties: Record<string, string>,
  run: PlaybookRunRow,
  step: PlaybookRunStepRow,
  mayExist: boolean,
  claimedBefore: Date | null,
): Promise<string> {
  const marker = stepMarker(run.id, step.position);
  if (mayExist) {
    const since = new Date((claimedBefore?.getTime() ?? Date.now()) - clockSkewMs);
    const found = await withRetry(`find playbook ${type}`, () =>
      findEngagementByMarker(context.client, type, run.companyId, marker, since),
    );
    if (found !== null) return found;
  }
  const id = await withRetry(
    `create playbook ${type}`,
    () => createCompanyEngagement(context.client, type, properties, run.companyId),
    { retryServerErrors: false, logger: context.logger },
  );
  await context.afterCreate?.(step, id);
  return id;
}

async function perform(
  context: StepContext,
  playbook: StoredPlaybook,
  definition: PlaybookStep,
  run: PlaybookRunRow,
  step: PlaybookRunStepRow,
  owners: CompanyOwners,
  claim: { mayExist: boolean; claimedBefore: Date | null },
): Promise<StepResult> {
  const evidence = storedEvidenceSchema.parse(run.evidence);
  const render = (template: string, noValue?: string) =>
    renderTemplate(template, { companyName: evidence.companyName, playbookName: playbook.name, evidence }, noValue);
  const marker = stepMarker(run.id, step.position);
  switch (definition.kind) {
    case 'task': {
      const owner = taskOwnerOf(definition.owner, owners);
      const properties: Record<string, string> = {
        hs_task_subject: render(definition.subject),
        hs_task_body: bodyWithMarker(render(definition.body), marker),
        hs_timestamp: new Date(`${step.dueOn ?? run.openedOn}T09:00:00Z`).toISOString(),
        hs_task_status: 'NOT_STARTED',
        hs_task_priority: definition.priority,
        hs_task_type: 'TODO',
        ...(owner === null ? {} : { hubspot_owner_id: owner }),
      };
      return {
        state: 'done',
        hubspotId: await createEngagementOnce(
          context,
          'tasks',
          properties,
          run,
          step,
          claim.mayExist,
          claim.claimedBefore,
        ),
        taskStatus: 'NOT_STARTED',
      };
    }
    case 'note': {
      const properties = {
        hs_note_body: bodyWithMarker(render(definition.body), marker),
        hs_timestamp: new Date().toISOString(),
        ...(owners.csmId === null ? {} : { hubspot_owner_id: owners.csmId }),
      };
      return {
        state: 'done',
        hubspotId: await createEngagementOnce(
          context,
          'notes',
          properties,
          run,
          step,
          claim.mayExist,
          claim.claimedBefore,
        ),
      };
    }
    case 'company_property':
      // Writing the same value twice changes nothing: no marker needed.
      await withRetry(
        'set a company property for a playbook',
        () =>
          context.client.crm.companies.basicApi.update(run.companyId, {
            // A value the evidence lacks clears the property: "none" would be refused by a number or date property.
            properties: { [definition.property]: render(definition.value, '') },
          }),
        { logger: context.logger },
      );
      return { state: 'done', hubspotId: null };
    case 'webhook': {
      if (context.webhookSecret === undefined)
        return { state: 'failed', error: 'No webhook signing secret is configured (PLAYBOOK_WEBHOOK_SECRET)' };
      const body = JSON.stringify({
        playbook: { id: playbook.id, name: playbook.name },
        run: { id: run.id, openedOn: run.openedOn },
        company: { id: run.companyId, name: evidence.companyName },
        evidence: { summary: evidence.summary, values: evidence.values },
      });
      const timestamp = String(Date.now());
      const answer = await (context.fetch ?? globalThis.fetch)(definition.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-playbook-timestamp': timestamp,
          'x-playbook-signature': webhookSignature(context.webhookSecret, timestamp, body),
          'idempotency-key': `${run.id}:${step.position}`,
        },
        body,
        signal: AbortSignal.timeout(10_000),
      });
      if (answer.ok) return { state: 'done', hubspotId: null };
      return answer.status >= 500 || answer.status === 429
        ? { state: 'retry', error: `The webhook answered ${answer.status}` }
        : { state: 'failed', error: `The webhook answered ${answer.status}` };
    }
  }
}

/**
 * Performs a run's steps that are not done, each once: its row is claimed before HubSpot is called, so a retried
 * job or a second worker skips it; a create whose answer was lost is looked for by its marker before a second try.
 */
export async function performRunSteps(
  context: StepContext,
  playbook: StoredPlaybook,
  run: PlaybookRunRow,
  steps: readonly PlaybookRunStepRow[],
  owners: CompanyOwners,
): Promise<{ done: number; failed: number }> {
  let done = 0;
  let failed = 0;
  for (const step of steps) {
    const definition = playbook.steps[step.position];
    if (step.state === 'done' || step.state === 'failed' || definition === undefined) continue;
    const claim = await claimStep(
      context.db,
      run.portalId,
      run.id,
      step.position,
      randomUUID(),
      context.claimLeaseMs ?? stepClaimLeaseMs,
    );
    if (!claim.claimed) continue;
    let result: StepResult;
    try {
      result = await perform(context, playbook, definition, run, step, owners, claim);
    } catch (error) {
      const status = statusOf(error);
      const message = error instanceof Error ? error.message : String(error);
      // HubSpot refused (4xx): nothing was created. Otherwise the create may have happened: look before the next try.
      result =
        status !== undefined && status < 500 && status !== 429
          ? { state: 'failed', error: message.slice(0, 500) }
          : {
              state: definition.kind === 'task' || definition.kind === 'note' ? 'unconfirmed' : 'retry',
              error: message.slice(0, 500),
            };
    }
    if (result.state === 'done') {
      await settleStep(context.db, run.portalId, run.id, step.position, claim.claim, {
        state: 'done',
        hubspotId: result.hubspotId,
        taskStatus: result.taskStatus ?? null,
        error: null,
      });
      done += 1;
    } else if (result.state === 'failed') {
      await settleStep(context.db, run.portalId, run.id, step.position, claim.claim, {
        state: 'failed',
        error: result.error,
      });
      failed += 1;
    } else {
      await settleStep(context.db, run.portalId, run.id, step.position, claim.claim, {
        state: result.state === 'retry' ? 'pending' : 'unconfirmed',
        error: result.error,
      });
      context.logger.warn(
        { runId: run.id, position: step.position, error: result.error },
        'playbook step not confirmed; the next evaluation tries again',
      );
    }
  }
  return { done, failed };
}
