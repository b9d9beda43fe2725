import type { Client } from '@hubspot/api-client';
import { AssociationSpecAssociationCategoryEnum } from '@hubspot/api-client/lib/codegen/crm/objects/tasks';
import { findCompanyRecord } from '../associations/company-record-lookup';

export type EngagementObjectType = 'tasks' | 'notes';

export interface EngagementTarget {
  readonly companyId: string;
  readonly dealId: string;
}

// HubSpot-defined association type ids (v4 associations guide): task/note to company and to deal.
const associationTypeIds: Record<EngagementObjectType, { company: number; deal: number }> = {
  tasks: { company: 192, deal: 216 },
  notes: { company: 190, deal: 214 },
};

export const engagementBodyProperty: Record<EngagementObjectType, string> = {
  tasks: 'hs_task_body',
  notes: 'hs_note_body',
};

function apiFor(client: Client, type: EngagementObjectType) {
  return type === 'tasks' ? client.crm.objects.tasks : client.crm.objects.notes;
}

function associationSpec(toId: string, associationTypeId: number) {
  return {
    to: { id: toId },
    types: [{ associationCategory: AssociationSpecAssociationCategoryEnum.HubspotDefined, associationTypeId }],
  };
}

/** Creates a task or note associated with the company and the deal in the same call; returns its id. */
export async function createEngagement(
  client: Client,
  type: EngagementObjectType,
  properties: Record<string, string>,
  target: EngagementTarget,
): Promise<string> {
  const ids = associationTypeIds[type];
  const created = await apiFor(client, type).basicApi.create({
    properties,
    associations: [associationSpec(target.companyId, ids.company), associationSpec(target.dealId, ids.deal)],
  });
  return created.id;
}

export async function updateEngagement(
  client: Client,
  type: EngagementObjectType,
  id: string,
  properties: Record<string, string>,
): Promise<void> {
  await apiFor(client, type).basicApi.update(id, { properties });
}

/** The task or note associated with the company, created since `createdSince`, whose body holds `marker`. */
export async function findEngagementByMarker(
  client: Client,
  type: EngagementObjectType,
  companyId: string,
  marker: string,
  createdSince: Date,
): Promise<string | null> {
  const bodyProperty = engagementBodyProperty[type];
  const found = await findCompanyRecord(
    client,
    companyId,
    type,
    [bodyProperty, 'hs_createdate'],
    (record) =>
      record.properties[bodyProperty]?.includes(marker) === true &&
      Date.parse(record.properties.hs_createdate ?? '') >= createdSince.getTime(),
  );
  return found ?? null;
}

/** Creates a task or note associated with the company alone (a playbook's step); returns its id. */
export async function createCompanyEngagement(
  client: Client,
  type: EngagementObjectType,
  properties: Record<string, string>,
  companyId: string,
): Promise<string> {
  const created = await apiFor(client, type).basicApi.create({
    properties,
    associations: [associationSpec(companyId, associationTypeIds[type].company)],
  });
  return created.id;
}

export interface TaskState {
  readonly status: string | null;
  /** hs_task_completion_date: HubSpot stamps it when the status becomes COMPLETED. */
  readonly completedAt: Date | null;
}

/** hs_task_status and completion date of each task that still exists (batch read, 100 ids a call); archived tasks are left out. */
export async function readTaskStates(client: Client, taskIds: readonly string[]): Promise<Map<string, TaskState>> {
  const states = new Map<string, TaskState>();
  for (let start = 0; start < taskIds.length; start += 100) {
    const inputs = taskIds.slice(start, start + 100).map((id) => ({ id }));
    const page = await client.crm.objects.tasks.batchApi.read({
      inputs,
      properties: ['hs_task_status', 'hs_task_completion_date'],
      propertiesWithHistory: [],
    });
    for (const task of page.results) {
      const completion = task.properties.hs_task_completion_date;
      const completedAt = completion ? new Date(completion) : null;
      states.set(task.id, {
        status: task.properties.hs_task_status ?? null,
        completedAt: completedAt !== null && !Number.isNaN(completedAt.getTime()) ? completedAt : null,
      });
    }
  }
  return states;
}
