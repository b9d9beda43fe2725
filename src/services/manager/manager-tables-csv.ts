import { z } from 'zod';
import type { ManagerPortfolioPayload } from '../../../extensions/app/pages/shared/manager-payload';
import { toCsv, type CsvCell } from '../export/csv';
import { cohortCsvFields, cohortCsvRows } from '../kpi/report-csv';

export const managerTableSchema = z.enum(['months', 'groups', 'onboarding', 'alerts', 'cohorts', 'playbook_runs']);
export type ManagerTable = z.infer<typeof managerTableSchema>;

type Table = { header: string[]; rows: CsvCell[][] };

/** Each table the manager view shows, as the view's payload holds it: money in major units, rates in percent. */
const tables: Record<ManagerTable, (view: ManagerPortfolioPayload) => Table> = {
  months: (view) => ({
    header: [
      'period',
      'customersStart',
      'customersEnd',
      'churnedCustomers',
      'customerChurnRate',
      'nrr',
      'grr',
      'startMrr',
      'endMrr',
    ],
    rows: view.months.map((row) => [
      row.period,
      row.customersStart,
      row.customersEnd,
      row.churnedCustomers,
      row.customerChurnRate,
      row.nrr,
      row.grr,
      row.startMrr,
      row.endMrr,
    ]),
  }),
  groups: (view) => ({
    header: [
      view.groups.cut,
      'period',
      'customersStart',
      'customersEnd',
      'churnedCustomers',
      'customerChurnRate',
      'nrr',
      'grr',
      'endMrr',
    ],
    rows: view.groups.rows.map((row) => [
      row.label,
      view.groups.period,
      row.customersStart,
      row.customersEnd,
      row.churnedCustomers,
      row.customerChurnRate,
      row.nrr,
      row.grr,
      row.endMrr,
    ]),
  }),
  onboarding: (view) => ({
    header: [
      'cohort',
      'opened',
      'completed',
      'medianDaysToValue',
      'introduction',
      'operation',
      'adoption',
      'established',
    ],
    rows: view.onboarding.cohorts.map((row) => [
      row.cohort,
      row.opened,
      row.completed,
      row.medianDaysToValue,
      row.stages.introduction,
      row.stages.operation,
      row.stages.adoption,
      row.stages.established,
    ]),
  }),
  alerts: (view) => ({
    header: ['companyId', 'companyName', 'csm', 'score', 'band', 'alerts'],
    rows: view.alerts.items.map((row) => [
      row.companyId,
      row.companyName,
      row.csm,
      row.score,
      row.band,
      row.alerts.join('; '),
    ]),
  }),
  playbook_runs: (view) => ({
    header: ['companyId', 'companyName', 'playbook', 'openedOn', 'tasksDone', 'tasks', 'tasksOverdue', 'csm'],
    rows: view.playbookRuns.items.map((row) => [
      row.companyId,
      row.companyName,
      row.playbook,
      row.openedOn,
      row.tasksDone,
      row.tasks,
      row.tasksOverdue,
      row.csm,
    ]),
  }),
  cohorts: (view) => ({ header: [...cohortCsvFields], rows: cohortCsvRows(view.retention?.cohorts ?? []) }),
};

/** One of the manager view's tables as CSV (RFC 4180, formula-injection safe): company and owner names come from HubSpot. */
export function managerTableCsv(view: ManagerPortfolioPayload, table: ManagerTable): string {
  const { header, rows } = tables[table](view);
  return toCsv(header, rows);
}
