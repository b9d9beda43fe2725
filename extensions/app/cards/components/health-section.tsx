import {
  Flex,
  Heading,
  StatusTag,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
  Text,
  Tile,
} from '@hubspot/ui-extensions';
import type { HealthPayload } from '../shared/card-payload';
import { formatMeasure, formatNumber } from './format';

export const healthBandTags = {
  green: { variant: 'success', label: 'Healthy' },
  yellow: { variant: 'warning', label: 'Needs attention' },
  red: { variant: 'danger', label: 'At risk' },
} as const;

function changeText(change: number | null): string {
  if (change === null) return 'No score 30 days ago';
  if (change === 0) return 'Unchanged in 30 days';
  return `${change > 0 ? '+' : '−'}${Math.abs(change)} points in 30 days`;
}

export function HealthSection({ health }: { readonly health: HealthPayload | null }) {
  if (!health) {
    return (
      <Tile testId="health-section">
        <Heading>Health</Heading>
        <Text>No health score yet: no component has data.</Text>
      </Tile>
    );
  }
  return (
    <Tile testId="health-section">
      <Flex direction="column" gap="sm">
        <Flex direction="row" justify="between" align="center">
          <Heading>Health</Heading>
          <StatusTag variant={healthBandTags[health.band].variant} testId="health-band">
            {healthBandTags[health.band].label}
          </StatusTag>
        </Flex>
        <Flex direction="row" gap="sm" align="baseline">
          <Text format={{ fontWeight: 'bold' }} testId="health-score">{`${health.score} / 100`}</Text>
          <Text variant="microcopy">{changeText(health.change30Days)}</Text>
        </Flex>
        <Table bordered density="condensed">
          <TableHead>
            <TableRow>
              <TableHeader>Component</TableHeader>
              <TableHeader align="right">Score (of 100)</TableHeader>
              <TableHeader align="right">Weight</TableHeader>
              <TableHeader align="right">Points in total</TableHeader>
              <TableHeader>Measured</TableHeader>
            </TableRow>
          </TableHead>
          <TableBody>
            {health.components.map((component) => (
              <TableRow key={component.component}>
                <TableCell>{component.label}</TableCell>
                <TableCell align="right">{formatNumber(component.score)}</TableCell>
                <TableCell align="right">{formatNumber(component.weight)}</TableCell>
                <TableCell align="right">{formatNumber(component.points)}</TableCell>
                <TableCell>
                  {component.raw.map((raw) => `${raw.label}: ${formatMeasure(raw.value, raw.unit)}`).join(' · ')}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
        {health.leftOut.length > 0 ? (
          <Text variant="microcopy" testId="health-left-out">
            {`Left out for missing data: ${health.leftOut.map((left) => `${left.label} (${left.reason})`).join('; ')}.`}
          </Text>
        ) : null}
      </Flex>
    </Tile>
  );
}
