import {
  Flex,
  Heading,
  Statistics,
  StatisticsItem,
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
import type { SubsidiariesPayload } from '../shared/card-payload';
import { healthBandTags } from './health-section';
import { formatDate, formatMoney } from './format';

// Indents a subsidiary's subsidiary under its parent's level, as the CSM reads the group from the top.
const indent = (depth: number) => '\u00a0\u00a0'.repeat(depth - 1) + (depth > 1 ? '↳ ' : '');

export function SubsidiariesSection({ subsidiaries }: { readonly subsidiaries: SubsidiariesPayload }) {
  const { items, notShown, total } = subsidiaries;
  return (
    <Tile testId="subsidiaries-section">
      <Flex direction="column" gap="sm">
        <Heading>Subsidiaries</Heading>
        <Statistics>
          <StatisticsItem label="Group MRR" number={formatMoney(subsidiaries.groupMrr)}>
            <Text variant="microcopy">This company and its subsidiaries</Text>
          </StatisticsItem>
          <StatisticsItem label="Customers in the group" number={String(subsidiaries.groupCustomers)}>
            <Text variant="microcopy">{`of ${total + 1} companies`}</Text>
          </StatisticsItem>
        </Statistics>
        <Table bordered density="condensed">
          <TableHead>
            <TableRow>
              <TableHeader>Company</TableHeader>
              <TableHeader>Health</TableHeader>
              <TableHeader align="right">MRR</TableHeader>
              <TableHeader>Renewal</TableHeader>
            </TableRow>
          </TableHead>
          <TableBody>
            {items.map((subsidiary) => (
              <TableRow key={subsidiary.id}>
                <TableCell>{`${indent(subsidiary.depth)}${subsidiary.name}`}</TableCell>
                <TableCell>
                  {subsidiary.health === null ? (
                    <Text>Not scored yet</Text>
                  ) : (
                    <StatusTag variant={healthBandTags[subsidiary.health.band].variant}>
                      {`${healthBandTags[subsidiary.health.band].label} (${subsidiary.health.score})`}
                    </StatusTag>
                  )}
                </TableCell>
                <TableCell align="right">{formatMoney(subsidiary.mrr)}</TableCell>
                <TableCell>
                  {subsidiary.renewalDate === null ? 'No active contract' : formatDate(subsidiary.renewalDate)}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
        {notShown > 0 ? (
          <Text
            variant="microcopy"
            testId="subsidiaries-more"
          >{`And ${notShown} more ${notShown === 1 ? 'subsidiary' : 'subsidiaries'}, counted in the group's totals.`}</Text>
        ) : null}
      </Flex>
    </Tile>
  );
}
