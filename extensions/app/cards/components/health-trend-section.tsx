import { Flex, Heading, LineChart, Text, Tile } from '@hubspot/ui-extensions';
import type { HealthTrendPayload } from '../shared/card-payload';

export function HealthTrendSection({ trend }: { readonly trend: HealthTrendPayload | undefined }) {
  if (trend === undefined) return null;
  return (
    <Tile testId="health-trend-section">
      <Flex direction="column" gap="sm">
        <Heading>Health over the last 90 days</Heading>
        {trend.days.length < 2 ? (
          <Text testId="health-trend-empty">Not enough daily scores yet to show a trend.</Text>
        ) : (
          <LineChart
            // A datetime axis spaces the days by time: a week without scores shows as a week, not as one step.
            data={trend.days.map((day) => ({ date: day.date, score: day.score }))}
            axes={{
              x: { field: 'date', fieldType: 'datetime', label: 'Day' },
              y: { field: 'score', fieldType: 'linear', label: 'Health score (of 100)' },
            }}
            options={{ title: 'Daily health score', showTooltips: true }}
            testId="health-trend-chart"
          />
        )}
        {trend.lastChange !== null ? (
          <Text testId="health-last-change">{trend.lastChange.summary}</Text>
        ) : trend.days.length >= 2 ? (
          <Text testId="health-last-change">The score has not changed in the last 90 days.</Text>
        ) : null}
        {trend.days.length > 0 && trend.days.length < 90 ? (
          <Text variant="microcopy">{`Scored on ${trend.days.length} of the last 90 days; the line joins the days scored.`}</Text>
        ) : null}
      </Flex>
    </Tile>
  );
}
