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
import type { ManagerPortfolioPayload } from '../shared/manager-payload';
import { bandLabels, bandVariants, formatDate } from './format';

export function AlertsSection({ alerts }: { readonly alerts: ManagerPortfolioPayload['alerts'] }) {
  const shown = alerts.items.length < alerts.total ? `, the ${alerts.items.length} lowest scores shown` : '';
  return (
    <Tile testId="alerts-section">
      <Flex direction="column" gap="md">
        <Heading>Alerts</Heading>
        {alerts.items.length === 0 ? (
          <Text>
            {alerts.scoredOn === null
              ? 'No health run yet, so no alerts.'
              : `No alert in the health run of ${formatDate(alerts.scoredOn)}.`}
          </Text>
        ) : (
          <>
            <Text variant="microcopy">{`${alerts.total} companies with alerts in the health run of ${alerts.scoredOn === null ? '' : formatDate(alerts.scoredOn)}${shown}.`}</Text>
            <Table bordered density="condensed" testId="alerts-table">
              <TableHead>
                <TableRow>
                  <TableHeader>Company</TableHeader>
                  <TableHeader>CSM</TableHeader>
                  <TableHeader>Health</TableHeader>
                  <TableHeader>Alerts</TableHeader>
                </TableRow>
              </TableHead>
              <TableBody>
                {alerts.items.map((item) => (
                  <TableRow key={item.companyId}>
                    <TableCell>{item.companyName ?? `Company ${item.companyId}`}</TableCell>
                    <TableCell>{item.csm ?? 'Unassigned'}</TableCell>
                    <TableCell>
                      <StatusTag
                        variant={bandVariants[item.band]}
                      >{`${item.score} · ${bandLabels[item.band]}`}</StatusTag>
                    </TableCell>
                    <TableCell>{item.alerts.join(' · ')}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </>
        )}
      </Flex>
    </Tile>
  );
}
