import type { ManagerPortfolioPayload, OpenPlaybookRun } from '../../../extensions/app/pages/shared/manager-payload';
import type { Executor } from '../../db/client';
import { countOpenTreatedRuns, listOpenTreatedRuns } from '../../db/repositories/manager-playbooks-repository';

/** The page shows the runs needing attention first; the CSV export has them all. */
export const openRunListLimit = 200;

/** Open playbook runs of treated companies with their tasks; `limit` null for every run. */
export async function openPlaybookRuns(
  db: Executor,
  portalId: number,
  asOf: string,
  owners: ReadonlyMap<string, string>,
  limit: number | null,
): Promise<ManagerPortfolioPayload['playbookRuns']> {
  const [rows, total] = await Promise.all([
    listOpenTreatedRuns(db, portalId, asOf, limit),
    countOpenTreatedRuns(db, portalId),
  ]);
  const items: OpenPlaybookRun[] = rows.map((row) => ({
    companyId: row.companyId,
    companyName: row.companyName,
    csm: row.csmId === null ? null : (owners.get(row.csmId) ?? `Owner ${row.csmId}`),
    playbook: row.playbookName ?? 'A removed playbook',
    openedOn: row.openedOn,
    tasks: row.tasks,
    tasksDone: row.tasksDone,
    tasksOverdue: row.tasksOverdue,
  }));
  return { total, items };
}
