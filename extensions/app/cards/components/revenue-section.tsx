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
import type { RevenuePayload } from '../shared/card-payload';
import { contractStatusLabels, formatDate, formatMoney } from './format';

const statusTags = { active: 'success', upcoming: 'info', ended: 'default' } as const;

export function RevenueSection({ revenue }: { readonly revenue: RevenuePayload }) {
  const renewal = revenue.renewalDate === null ? 'None' : formatDate(revenue.renewalDate);
  return (
    <Tile testId="revenue-section">
      <Flex direction="column" gap="sm">
        <Heading>Revenue</Heading>
        <Statistics>
          <StatisticsItem label="MRR" number={formatMoney(revenue.mrr)} />
          <StatisticsItem label="ARR" number={formatMoney(revenue.arr)} />
          <StatisticsItem label="Renewal" number={renewal}>
            <Text variant="microcopy">
              {revenue.daysToRenewal === null ? 'No active contract' : `in ${revenue.daysToRenewal} days`}
            </Text>
          </StatisticsItem>
        </Statistics>
        {revenue.contracts.length === 0 ? (
          <Text>No contracts yet.</Text>
        ) : (
          <Table bordered density="condensed">
            <TableHead>
              <TableRow>
                <TableHeader>Deal</TableHeader>
                <TableHeader>Kind</TableHeader>
                <TableHeader>Product</TableHeader>
                <TableHeader align="right">MRR</TableHeader>
                <TableHeader align="right">Seats</TableHeader>
                <TableHeader>Term</TableHeader>
                <TableHeader>Status</TableHeader>
              </TableRow>
            </TableHead>
            <TableBody>
              {revenue.contracts.map((contract) => (
                <TableRow key={contract.dealId}>
                  <TableCell>{contract.dealName}</TableCell>
                  <TableCell>{contract.kindLabel}</TableCell>
                  <TableCell>{contract.productName}</TableCell>
                  <TableCell align="right">{formatMoney(contract.mrr)}</TableCell>
                  <TableCell align="right">{contract.seats === null ? '—' : contract.seats}</TableCell>
                  <TableCell>{`${formatDate(contract.startDate)} – ${formatDate(contract.endDate)}`}</TableCell>
                  <TableCell>
                    <StatusTag variant={statusTags[contract.status]}>{contractStatusLabels[contract.status]}</StatusTag>
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </Flex>
    </Tile>
  );
}
