import { BarChart, Text } from '@hubspot/ui-extensions';
import type { RenewalsPayload } from '../shared/renewals-payload';
import { formatMonth } from './format';

const upLabel = 'MRR up for renewal';
const atRiskLabel = 'MRR at risk';

function byMonth(renewals: RenewalsPayload['renewals']) {
  const months = new Map<string, { up: number; atRisk: number | null }>();
  for (const row of renewals) {
    const month = row.renewalDate.slice(0, 7);
    const sums = months.get(month) ?? { up: 0, atRisk: null };
    sums.up += row.amount;
    if (row.exposure !== null) sums.atRisk = (sums.atRisk ?? 0) + row.exposure;
    months.set(month, sums);
  }
  return [...months.entries()].sort(([first], [second]) => first.localeCompare(second));
}

/** The renewals of the page's window and owner, summed by the month they renew in. */
export function RenewalsByMonthChart({ payload }: { readonly payload: RenewalsPayload }) {
  const rows = byMonth(payload.renewals).flatMap(([month, sums]) => [
    { month: formatMonth(month), measure: upLabel, mrr: Math.round(sums.up) },
    ...(sums.atRisk === null
      ? []
      : [{ month: formatMonth(month), measure: atRiskLabel, mrr: Math.round(sums.atRisk) }]),
  ]);
  if (rows.length === 0) return null;
  return (
    <>
      <BarChart
        data={rows}
        axes={{
          x: { field: 'month', fieldType: 'category', label: 'Month of renewal' },
          y: { field: 'mrr', fieldType: 'linear', label: `MRR (${payload.currency})` },
          options: { groupFieldByColor: 'measure', colors: { [upLabel]: 'blue', [atRiskLabel]: 'darkOrange' } },
        }}
        options={{
          title: `Renewals by month (${payload.currency})`,
          showLegend: true,
          showTooltips: true,
        }}
        testId="renewals-by-month-chart"
      />
      <Text variant="microcopy">
        {payload.method === 'model'
          ? 'MRR at risk is each renewal’s MRR times its chance of churn.'
          : 'Without a churn model only the MRR up for renewal is shown.'}
      </Text>
    </>
  );
}
