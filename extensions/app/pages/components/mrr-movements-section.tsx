import { BarChart, Flex, Heading, Statistics, StatisticsItem, Text, Tile } from '@hubspot/ui-extensions';
import type { MonthKpis } from '../shared/manager-payload';
import { chartMonthLabel, formatMoney, formatMonth } from './format';

const movements = [
  { field: 'newMrr', label: 'New', color: 'green' },
  { field: 'expansionMrr', label: 'Expansion', color: 'aqua' },
  { field: 'contractionMrr', label: 'Contraction', color: 'yellow' },
  { field: 'churnedMrr', label: 'Churn', color: 'darkOrange' },
] as const;

function movementRows(months: readonly MonthKpis[]) {
  return months.flatMap((month) =>
    movements.map((movement) => ({
      month: chartMonthLabel(month),
      movement: movement.label,
      mrr: month[movement.field],
    })),
  );
}

/** Where MRR came from and went, by month: new customers, expansion, contraction and churn (domain §3.1). */
export function MrrMovementsSection({
  months,
  currency,
  headlineMonth,
}: {
  readonly months: readonly MonthKpis[];
  readonly currency: string;
  readonly headlineMonth: string | null;
}) {
  const latest = months.find((month) => month.period === headlineMonth) ?? months.at(-1);
  const running = months.find((month) => month.partial);
  return (
    <Tile testId="mrr-movements-section">
      <Flex direction="column" gap="md">
        <Heading>MRR movements</Heading>
        {latest ? (
          <Statistics>
            {movements.map((movement) => (
              <StatisticsItem
                key={movement.field}
                label={`${movement.label} · ${formatMonth(latest.period)}`}
                number={formatMoney(latest[movement.field], currency)}
              />
            ))}
          </Statistics>
        ) : null}
        <BarChart
          data={movementRows(months)}
          axes={{
            x: { field: 'month', fieldType: 'category', label: 'Month' },
            y: { field: 'mrr', fieldType: 'linear', label: `MRR (${currency})` },
            options: {
              groupFieldByColor: 'movement',
              colors: Object.fromEntries(movements.map((movement) => [movement.label, movement.color])),
            },
          }}
          options={{ title: `MRR gained and lost by month (${currency})`, showLegend: true, showTooltips: true }}
          testId="mrr-movements-chart"
        />
        <Text variant="microcopy">
          New and expansion MRR add to the book; contraction and churn are the MRR lost, shown as positive amounts.
        </Text>
        {running ? (
          <Text variant="microcopy">{`${formatMonth(running.period)} is still running: its movements count only what has happened to date.`}</Text>
        ) : null}
      </Flex>
    </Tile>
  );
}
