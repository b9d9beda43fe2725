import { BarChart, Flex, Heading, LineChart, Statistics, StatisticsItem, Text, Tile } from '@hubspot/ui-extensions';
import type { ManagerPortfolioPayload, MonthKpis } from '../shared/manager-payload';
import { chartMonthLabel, formatDate, formatMonth, formatPercent, noValueNotes } from './format';

const headlineFigures = { nrr: 'NRR', grr: 'GRR', customerChurnRate: 'Customer churn' };

function retentionRows(months: readonly MonthKpis[]) {
  return months.flatMap((month) => [
    ...(month.nrr === null ? [] : [{ month: chartMonthLabel(month), measure: 'NRR', percent: month.nrr }]),
    ...(month.grr === null ? [] : [{ month: chartMonthLabel(month), measure: 'GRR', percent: month.grr }]),
  ]);
}

/** NRR and GRR (lines) and customer churn (bars) by month, from the KPI service. */
export interface RetentionSectionProps {
  readonly months: readonly MonthKpis[];
  readonly customers: ManagerPortfolioPayload['customers'];
  /** The last complete month (issue 16): a running month's churn still misses what ends later in it. */
  readonly headlineMonth: string | null;
}

export function RetentionSection({ months, customers, headlineMonth }: RetentionSectionProps) {
  const latest = months.find((month) => month.period === headlineMonth) ?? months.at(-1);
  const churnRows = months.flatMap((month) =>
    month.customerChurnRate === null ? [] : [{ month: chartMonthLabel(month), churn: month.customerChurnRate }],
  );
  const running = months.find((month) => month.partial);
  const latestNotes = latest ? noValueNotes(latest.noValue, headlineFigures) : [];
  return (
    <Tile testId="retention-section">
      <Flex direction="column" gap="md">
        <Heading>Revenue retention and churn</Heading>
        {latest ? (
          <Statistics>
            <StatisticsItem label={`NRR · ${formatMonth(latest.period)}`} number={formatPercent(latest.nrr)} />
            <StatisticsItem label={`GRR · ${formatMonth(latest.period)}`} number={formatPercent(latest.grr)} />
            <StatisticsItem
              label={`Customer churn · ${formatMonth(latest.period)}`}
              number={formatPercent(latest.customerChurnRate)}
            />
            <StatisticsItem label={`Customers on ${formatDate(customers.on)}`} number={String(customers.count)} />
          </Statistics>
        ) : null}
        {latest && latestNotes.length > 0 ? (
          <Text
            variant="microcopy"
            testId="headline-no-value"
          >{`No value for ${formatMonth(latest.period)}: ${latestNotes.join('; ')}.`}</Text>
        ) : null}
        <Flex direction="row" gap="md" wrap="wrap">
          <LineChart
            data={retentionRows(months)}
            axes={{
              x: { field: 'month', fieldType: 'category', label: 'Month' },
              y: { field: 'percent', fieldType: 'linear', label: '% of starting MRR' },
              options: { groupFieldByColor: 'measure', colors: { NRR: 'blue', GRR: 'aqua' } },
            }}
            options={{ title: 'NRR and GRR by month', showLegend: true, showTooltips: true }}
            testId="retention-chart"
          />
          <BarChart
            data={churnRows}
            axes={{
              x: { field: 'month', fieldType: 'category', label: 'Month' },
              y: { field: 'churn', fieldType: 'linear', label: 'Customer churn %' },
            }}
            options={{ title: 'Customer churn by month', showDataLabels: true, colorList: ['orange'] }}
            testId="churn-chart"
          />
        </Flex>
        <Text variant="microcopy">
          Months without customers at the end of the month before have no rate and are left out of the charts.
        </Text>
        {running ? (
          <Text variant="microcopy">{`${formatMonth(running.period)} is still running: its figures count only what has happened to date.`}</Text>
        ) : null}
      </Flex>
    </Tile>
  );
}
