import type { GroupReport, PeriodReport } from '../services/kpi/kpi-report';

const rows: { label: string; field: Exclude<keyof PeriodReport, 'period'>; suffix?: string }[] = [
  { label: 'customers at start (S)', field: 'customersStart' },
  { label: 'customers at end (E)', field: 'customersEnd' },
  { label: 'new customers', field: 'newCustomers' },
  { label: 'churned customers', field: 'churnedCustomers' },
  { label: 'customer churn rate', field: 'customerChurnRate', suffix: '%' },
  { label: 'retention rate', field: 'retentionRate', suffix: '%' },
  { label: 'start MRR', field: 'startMrr' },
  { label: 'new MRR', field: 'newMrr' },
  { label: 'expansion MRR', field: 'expansionMrr' },
  { label: 'contraction MRR', field: 'contractionMrr' },
  { label: 'churned MRR', field: 'churnedMrr' },
  { label: 'end MRR', field: 'endMrr' },
  { label: 'NRR', field: 'nrr', suffix: '%' },
  { label: 'GRR', field: 'grr', suffix: '%' },
  { label: 'revenue churn rate', field: 'revenueChurnRate', suffix: '%' },
  { label: 'upsell rate', field: 'upsellRate', suffix: '%' },
  { label: 'cross-sell rate', field: 'crossSellRate', suffix: '%' },
  { label: 'NPS', field: 'nps' },
  { label: 'CSAT satisfied', field: 'csatPercent', suffix: '%' },
  { label: 'CSAT mean', field: 'csatMean' },
  { label: 'MAU', field: 'mau' },
  { label: 'mean session minutes', field: 'meanSessionMinutes' },
];

/** KPIs down, periods across; '-' where there is no value. */
export function formatKpiTable(group: GroupReport, cut: string | undefined): string {
  const header = ['', ...group.periods.map((period) => period.period)];
  const body = rows.map((row) => [
    row.label,
    ...group.periods.map((period) => {
      const value = period[row.field];
      return value === null ? '-' : `${value.toLocaleString('en-US', { maximumFractionDigits: 2 })}${row.suffix ?? ''}`;
    }),
  ]);
  const table = [header, ...body];
  const widths = header.map((_, column) => Math.max(...table.map((line) => (line[column] ?? '').length)));
  const lines = table.map((line) => line.map((cell, column) => (column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0))).join('  '));
  const title = cut === undefined ? '' : `${cut}: ${group.group ?? '(none)'}\n`;
  return `${title}${lines.join('\n')}\n`;
}
