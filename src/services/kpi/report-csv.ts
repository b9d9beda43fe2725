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

const cohortFields = [
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

/** The cohort triangle as CSV in long form: one record per cohort and month (and group, first column, with a cut). */
export function cohortReportCsv(groups: readonly CohortGroupReport[], cut: string | undefined): string {
  const header = cut === undefined ? [...cohortFields] : [cut, ...cohortFields];
  const rows = groups.flatMap((group) =>
    group.cohorts.flatMap((cohort) =>
      cohort.months.map((month) => {
        const cells: CsvCell[] = [
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
        ];
        return cut === undefined ? cells : [group.group, ...cells];
      }),
    ),
  );
  return toCsv(header, rows);
}
