import type { PlaybookRunPayload } from '../../../extensions/app/cards/shared/card-payload';
import type { Database } from '../../db/client';
import { listOpenRunsOfCompany, listStepsOfRuns } from '../../db/repositories/playbook-runs-repository';
import { listPlaybooks } from '../playbooks/playbook-definitions';
import { storedEvidenceSchema } from '../playbooks/run-steps';
import { deletedTaskStatus } from '../playbooks/task-states';

/** The company's open treated playbook runs with their tasks, oldest first. */
export async function loadPlaybookSection(
  db: Database,
  portalId: number,
  companyId: string,
): Promise<PlaybookRunPayload[]> {
  const runs = (await listOpenRunsOfCompany(db, portalId, companyId)).filter((run) => !run.heldOut);
  if (runs.length === 0) return [];
  const [steps, playbooks] = await Promise.all([
    listStepsOfRuns(
      db,
      portalId,
      runs.map((run) => run.id),
    ),
    listPlaybooks(db, portalId),
  ]);
  const names = new Map(playbooks.map((playbook) => [playbook.id, playbook.name]));
  return runs.map((run) => {
    const evidence = storedEvidenceSchema.safeParse(run.evidence);
    return {
      playbook: names.get(run.playbookId) ?? 'A removed playbook',
      openedOn: run.openedOn,
      evidence: evidence.success ? evidence.data.summary : '',
      tasks: steps
        .filter((step) => step.runId === run.id && step.kind === 'task')
        .map((step) => ({
          title: step.title,
          status:
            step.state !== 'done'
              ? 'not_created'
              : step.taskStatus === 'COMPLETED' || step.taskStatus === deletedTaskStatus
                ? 'done'
                : 'to_do',
          dueOn: step.dueOn,
        })),
    };
  });
}
