import { BarChart, Flex, Heading, Statistics, StatisticsItem, StatusTag, Text, Tile } from '@hubspot/ui-extensions';
import type { ManagerPortfolioPayload } from '../shared/manager-payload';
import { bandLabels, bandVariants, chartMonthLabel, formatDate } from './format';

const bands = ['green', 'yellow', 'red'] as const;

export function HealthBandsSection({
  health,
  runningMonth,
}: {
  readonly health: ManagerPortfolioPayload['health'];
  /** The month still running, if the range reaches it: its bars are of its last scored day so far. */
  readonly runningMonth: string | null;
}) {
  if (health.scoredOn === null) {
    return (
      <Tile testId="health-bands-section">
        <Heading>Health bands</Heading>
        <Text>No health scores yet: they appear after the first daily health run.</Text>
      </Tile>
    );
  }
  const scoredOn = formatDate(health.scoredOn);
  const scored = health.today.red + health.today.yellow + health.today.green;
  const rows = health.byMonth.flatMap((month) =>
    bands.map((band) => ({
      month: chartMonthLabel({ period: month.month, partial: month.month === runningMonth }),
      band: bandLabels[band],
      companies: month[band],
    })),
  );
  return (
    <Tile testId="health-bands-section">
      <Flex direction="column" gap="md">
        <Heading>Health bands</Heading>
        <Text variant="microcopy" testId="health-bands-total">{`${scored} customers scored on ${scoredOn}.`}</Text>
        {health.usageReceived ? null : (
          <Text testId="health-bands-no-usage">
            No product usage has reached the app from this portal in the last 60 days, so every score leaves out usage,
            session time and feature breadth.
          </Text>
        )}
        <Statistics>
          {bands.map((band) => (
            <StatisticsItem key={band} label={bandLabels[band]} number={String(health.today[band])}>
              <StatusTag variant={bandVariants[band]}>{`as of ${scoredOn}`}</StatusTag>
            </StatisticsItem>
          ))}
        </Statistics>
        <BarChart
          data={rows}
          axes={{
            x: { field: 'month', fieldType: 'category', label: 'Month' },
            y: { field: 'companies', fieldType: 'linear', label: 'Customers' },
            options: {
              groupFieldByColor: 'band',
              stacking: true,
              colors: { Healthy: 'green', 'Needs attention': 'yellow', 'At risk': 'darkOrange' },
            },
          }}
          options={{
            title: 'Health band distribution by month (last scored day)',
            showLegend: true,
            showTooltips: true,
          }}
          testId="health-bands-chart"
        />
      </Flex>
    </Tile>
  );
}
