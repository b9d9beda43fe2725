import type { Client } from '@hubspot/api-client';
import type { Database } from '../../db/client';
import { listOpenRunTasks, recordTaskStatus } from '../../db/repositories/playbook-runs-repository';
import { readTaskStates } from '../../hubspot/engagements/engagements-api';
import { withRetry } from '../../hubspot/client';

// A task deleted in HubSpot can no longer be completed: recorded as such, it counts as done so its run can close.
export const deletedTaskStatus = 'DELETED';

/** Reads the status and completion date of open runs' tasks back from HubSpot (batch read); returns how many changed. */
export async function syncRunTaskStates(db: Database, client: Client, portalId: number): Promise<number> {
  const tasks = await listOpenRunTasks(db, portalId);
  if (tasks.length === 0) return 0;
  const states = await withRetry('read playbook task statuses', () =>
    readTaskStates(
      client,
      tasks.map((task) => task.hubspotId),
    ),
  );
  let changed = 0;
  for (const task of tasks) {
    const state = states.get(task.hubspotId);
    const status = state === undefined ? deletedTaskStatus : state.status;
    const completedAt = state?.completedAt ?? null;
    if (status === null) continue;
    if (status === task.taskStatus && completedAt?.getTime() === task.taskCompletedAt?.getTime()) continue;
    await recordTaskStatus(db, portalId, task.runId, task.position, status, completedAt);
    changed += 1;
  }
  return changed;
}
