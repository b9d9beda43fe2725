import type { CohortGroupReport, CohortMonthReport } from '../services/kpi/cohort-report';

type Rate = 'logoRetention' | 'revenueRetention';

const titles: Record<Rate, string> = {
  logoRetention: "Logo retention: % of the cohort's companies that are customers at the month's end",
  revenueRetention: "Revenue retention: their MRR as % of the cohort's MRR at the end of its first month",
};

function rateCell(month: CohortMonthReport | undefined, rate: Rate): string {
  if (month === undefined) return '';
  const value = month[rate];
  const shown = value === null ? '-' : `${value.toLocaleString('en-US', { maximumFractionDigits: 2 })}%`;
  return month.partial ? `${shown}*` : shown;
}

function alignColumns(table: string[][]): string {
  const widths = (table[0] ?? []).map((_, column) => Math.max(...table.map((line) => (line[column] ?? '').length)));
  return table
    .map((line) =>
      line
        .map((cell, column) => (column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** Cohorts down, months since the cohort's first (M0, M1, ...) across: one triangle per rate, under the group's title for a cut. */
export function formatCohortTable(group: CohortGroupReport, groupTitle: string | undefined, asOfDate: string): string {
  const title = groupTitle === undefined ? '' : `${groupTitle}\n`;
  if (group.cohorts.length === 0) return `${title}no cohorts in the range\n`;
  const offsets = Math.max(...group.cohorts.map((cohort) => cohort.months.length));
  const header = ['cohort', 'size', 'start MRR', ...Array.from({ length: offsets }, (_, offset) => `M${offset}`)];
  const triangles = (['logoRetention', 'revenueRetention'] as const).map((rate) => {
    const body = group.cohorts.map((cohort) => [
      cohort.cohort,
      String(cohort.size),
      cohort.startMrr.toLocaleString('en-US', { maximumFractionDigits: 2 }),
      ...Array.from({ length: offsets }, (_, offset) => rateCell(cohort.months[offset], rate)),
    ]);
    return `${titles[rate]}\n${alignColumns([header, ...body])}`;
  });
  const partial = group.cohorts.some((cohort) => cohort.months.some((month) => month.partial));
  return `${title}${triangles.join('\n\n')}\n${partial ? `* the month still running, measured on ${asOfDate}\n` : ''}`;
}
