import { toCsv, type CsvCell } from '../export/csv';
import type { CohortGroupReport } from './cohort-report';
import { periodReportSchema, type GroupReport } from './kpi-report';

const kpiFields = Object.keys(periodReportSchema.shape) as (keyof typeof periodReportSchema.shape)[];

/** The KPI report as CSV: one record per period (and group, first column, with a cut); the fields of `--json`. */
export function kpiReportCsv(groups: readonly GroupReport[], cut: string | undefined): string {
  const header = cut === undefined ? kpiFields : [cut, ...kpiFields];
  const rows = groups.flatMap((group) =>
    group.periods.map((period) => {
      const cells: CsvCell[] = kpiFields.map((field) => period[field]);
      return cut === undefined ? cells : [group.group, ...cells];
    }),
  );
  return toCsv(header, rows);
}

/** The columns of a cohort triangle in long form: one record per cohort and month. */
export const cohortCsvFields = [
  'cohort',
  'size',
  'startMrr',
  'offset',
  'month',
  'partial',
  'customers',
  'logoRetention',
  'mrr',
  'revenueRetention',
] as const;

interface CsvCohort {
  readonly cohort: CsvCell;
  readonly size: CsvCell;
  readonly startMrr: CsvCell;
  readonly months: readonly {
    readonly offset: CsvCell;
    readonly month: CsvCell;
    readonly partial: CsvCell;
    readonly customers: CsvCell;
    readonly logoRetention: CsvCell;
    readonly mrr: CsvCell;
    readonly revenueRetention: CsvCell;
  }[];
}

/** The cells of `cohortCsvFields` for each cohort and month, in that order (the KPI CLI's and the manager view's). */
export function cohortCsvRows(cohorts: readonly CsvCohort[]): CsvCell[][] {
  return cohorts.flatMap((cohort) =>
    cohort.months.map((month) => [
      cohort.cohort,
      cohort.size,
      cohort.startMrr,
      month.offset,
      month.month,
      month.partial,
      month.customers,
      month.logoRetention,
      month.mrr,
      month.revenueRetention,
    ]),
  );
}

/** The cohort triangle as CSV in long form: one record per cohort and month (and group, first column, with a cut). */
export function cohortReportCsv(groups: readonly CohortGroupReport[], cut: string | undefined): string {
  const header = cut === undefined ? [...cohortCsvFields] : [cut, ...cohortCsvFields];
  const rows = groups.flatMap((group) =>
    cohortCsvRows(group.cohorts).map((cells) => (cut === undefined ? cells : [group.group, ...cells])),
  );
  return toCsv(header, rows);
}
