import type { PlaybookRunPayload } from '../../../extensions/app/cards/shared/card-payload';
import type { Database } from '../../db/client';
import { listOpenPlaybookRuns, type CardPlaybookRun } from '../../db/repositories/company-card-parts';
import { storedEvidenceSchema } from '../playbooks/run-steps';
import { deletedTaskStatus } from '../playbooks/task-states';

/** The company's open treated playbook runs with their tasks, oldest first, read on their own (the card reads them in its statement). */
export async function loadPlaybookSection(
  db: Database,
  portalId: number,
  companyId: string,
): Promise<PlaybookRunPayload[]> {
  return playbookSectionOf(await listOpenPlaybookRuns(db, portalId, companyId));
}

export function playbookSectionOf(runs: readonly CardPlaybookRun[]): PlaybookRunPayload[] {
  return runs.map((run) => {
    const evidence = storedEvidenceSchema.safeParse(run.evidence);
    return {
      playbook: run.playbook ?? 'A removed playbook',
      openedOn: run.openedOn,
      evidence: evidence.success ? evidence.data.summary : '',
      tasks: run.tasks.map((task) => ({
        title: task.title,
        status:
          task.state !== 'done'
            ? 'not_created'
            : task.taskStatus === 'COMPLETED' || task.taskStatus === deletedTaskStatus
              ? 'done'
              : 'to_do',
        dueOn: task.dueOn,
      })),
    };
  });
}
