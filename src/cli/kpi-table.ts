import type { GroupReport, PeriodReport } from '../services/kpi/kpi-report';

type Field = Exclude<keyof PeriodReport, 'period' | 'partial'>;

const rows: { label: string; field: Field; suffix?: string }[] = [
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
  { label: 'ARPA', field: 'averageRevenuePerAccount' },
  { label: 'LTV', field: 'lifetimeValue' },
  { label: 'upsell customers', field: 'upsellCustomers' },
  { label: 'upsell rate', field: 'upsellRate', suffix: '%' },
  { label: 'upsell MRR', field: 'upsellMrr' },
  { label: 'cross-sell customers', field: 'crossSellCustomers' },
  { label: 'cross-sell rate', field: 'crossSellRate', suffix: '%' },
  { label: 'cross-sell MRR', field: 'crossSellMrr' },
  { label: 'onboardings started', field: 'onboardingCohortSize' },
  { label: 'onboardings done in target', field: 'onboardingCompletedWithinTarget' },
  { label: 'onboarding completion', field: 'onboardingCompletionRate', suffix: '%' },
  { label: 'onboarding provisional', field: 'onboardingProvisional' },
  { label: 'median days to complete', field: 'medianDaysToComplete' },
  { label: 'NPS', field: 'nps' },
  { label: 'NPS responses', field: 'npsResponses' },
  { label: 'CSAT satisfied', field: 'csatPercent', suffix: '%' },
  { label: 'CSAT mean', field: 'csatMean' },
  { label: 'CSAT responses', field: 'csatResponses' },
  { label: 'DAU (last day)', field: 'dailyActiveUsers' },
  { label: 'WAU (last 7 days)', field: 'weeklyActiveUsers' },
  { label: 'MAU', field: 'mau' },
  { label: 'mean session minutes', field: 'meanSessionMinutes' },
  { label: 'median session minutes', field: 'medianSessionMinutes' },
  { label: 'minutes per active user', field: 'minutesPerActiveUser' },
  { label: 'seat utilization', field: 'seatUtilization', suffix: '%' },
];

function cell(value: PeriodReport[Field], suffix: string | undefined): string {
  if (value === null) return '-';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return `${value.toLocaleString('en-US', { maximumFractionDigits: 2 })}${suffix ?? ''}`;
}

/** KPIs down, periods across, under the group's title (e.g. "CSM: Aiko Sato") for a cut; '-' where there is no value; a running period's column is marked with '*'. */
export function formatKpiTable(group: GroupReport, title: string | undefined, asOf: string, currency: string): string {
  const header = ['', ...group.periods.map((period) => (period.partial ? `${period.period}*` : period.period))];
  const body = rows.map((row) => [row.label, ...group.periods.map((period) => cell(period[row.field], row.suffix))]);
  const table = [header, ...body];
  const widths = header.map((_, column) => Math.max(...table.map((line) => (line[column] ?? '').length)));
  const lines = table.map((line) =>
    line
      .map((text, column) => (column === 0 ? text.padEnd(widths[column] ?? 0) : text.padStart(widths[column] ?? 0)))
      .join('  '),
  );
  const note = group.periods.some((period) => period.partial)
    ? `* partial: the period is still running, figures as of ${asOf}\n`
    : '';
  return `${title === undefined ? '' : `${title}\n`}${lines.join('\n')}\n${note}Money in ${currency}.\n`;
}
