import { Flex, Heading, Statistics, StatisticsItem, StatisticsTrend, Text, Tile } from '@hubspot/ui-extensions';
import type { AdoptionPayload, TrendMetric } from '../shared/card-payload';
import { formatNumber, trendOf } from './format';

function Trend({ metric, suffix = '' }: { readonly metric: TrendMetric; readonly suffix?: string }) {
  const trend = trendOf(metric, suffix);
  if (!trend)
    return (
      <Text variant="microcopy">
        {metric.current === null ? (metric.missingReason ?? 'No data') : 'Same as prior 30 days'}
      </Text>
    );
  return (
    <StatisticsTrend
      value={trend.value}
      direction={trend.direction}
      color={trend.direction === 'increase' ? 'green' : 'red'}
    />
  );
}

/** The one reason every figure is missing for (a portal that sends no usage yet), else null. */
function sharedMissingReason(adoption: AdoptionPayload): string | null {
  const metrics = [
    adoption.activeUsers,
    adoption.seatUtilizationPercent,
    adoption.meanSessionMinutes,
    adoption.featureBreadth,
  ];
  const reason = metrics[0]?.missingReason ?? null;
  return metrics.every((metric) => metric.current === null && metric.missingReason === reason) ? reason : null;
}

export function AdoptionSection({ adoption }: { readonly adoption: AdoptionPayload }) {
  const seats = adoption.seats === null ? 'seats unknown' : `of ${adoption.seats} seats`;
  const nothingMeasured = sharedMissingReason(adoption);
  if (nothingMeasured !== null)
    return (
      <Tile testId="adoption-section">
        <Flex direction="column" gap="sm">
          <Heading>Adoption</Heading>
          <Text>{`${nothingMeasured.charAt(0).toUpperCase()}${nothingMeasured.slice(1)}.`}</Text>
          <Text variant="microcopy">
            {adoption.seats === null
              ? 'The active contracts give no seat count.'
              : `${adoption.seats} seats on the active contracts.`}
          </Text>
        </Flex>
      </Tile>
    );
  return (
    <Tile testId="adoption-section">
      <Flex direction="column" gap="sm">
        <Heading>Adoption</Heading>
        <Text variant="microcopy">Last 30 days, each against the 30 days before.</Text>
        <Statistics>
          <StatisticsItem label={`Active users (${seats})`} number={formatNumber(adoption.activeUsers.current)}>
            <Trend metric={adoption.activeUsers} />
          </StatisticsItem>
          <StatisticsItem label="Seat utilization" number={formatNumber(adoption.seatUtilizationPercent.current, '%')}>
            <Trend metric={adoption.seatUtilizationPercent} suffix=" points" />
          </StatisticsItem>
          <StatisticsItem label="Mean session" number={formatNumber(adoption.meanSessionMinutes.current, ' min')}>
            <Trend metric={adoption.meanSessionMinutes} suffix=" min" />
          </StatisticsItem>
          <StatisticsItem label="Features used" number={formatNumber(adoption.featureBreadth.current)}>
            <Trend metric={adoption.featureBreadth} />
          </StatisticsItem>
        </Statistics>
      </Flex>
    </Tile>
  );
}
