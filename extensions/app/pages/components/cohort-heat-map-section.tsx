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
import type { RetentionCohort } from '../shared/manager-payload';
import { formatMoney, formatMonth, formatPercent } from './format';

type CohortMonth = RetentionCohort['months'][number];

// The heat: a cohort keeping all its starting MRR or more is green; the colours step down as it loses it.
function heatOf(revenueRetention: number): 'success' | 'info' | 'warning' | 'danger' {
  if (revenueRetention >= 100) return 'success';
  if (revenueRetention >= 90) return 'info';
  if (revenueRetention >= 75) return 'warning';
  return 'danger';
}

function HeatCell({ month }: { readonly month: CohortMonth | undefined }) {
  if (month?.revenueRetention === undefined || month.revenueRetention === null) return <TableCell>—</TableCell>;
  const label = `${formatPercent(month.revenueRetention)}${month.partial ? ' to date' : ''}`;
  return (
    <TableCell>
      <StatusTag variant={heatOf(month.revenueRetention)}>{label}</StatusTag>
    </TableCell>
  );
}

/** Revenue retention of each start-month cohort, month by month since it started (domain §3.2), as a heat map. */
export function CohortHeatMapSection({
  cohorts,
  currency,
}: {
  readonly cohorts: readonly RetentionCohort[];
  readonly currency: string;
}) {
  const shown = cohorts.filter((cohort) => cohort.size > 0);
  const offsets = Array.from(
    { length: Math.max(0, ...shown.map((cohort) => cohort.months.length)) },
    (_, offset) => offset,
  );
  return (
    <Tile testId="cohort-heat-map-section">
      <Flex direction="column" gap="md">
        <Heading>Cohort revenue retention</Heading>
        {shown.length === 0 ? (
          <Text>No customer started in these months, so there is no cohort to follow yet.</Text>
        ) : (
          <Table bordered density="condensed" testId="cohort-heat-map">
            <TableHead>
              <TableRow>
                <TableHeader>Started in</TableHeader>
                <TableHeader align="right">Customers</TableHeader>
                <TableHeader align="right">Starting MRR</TableHeader>
                {offsets.map((offset) => (
                  <TableHeader key={offset}>{offset === 0 ? 'First month' : `Month ${offset + 1}`}</TableHeader>
                ))}
              </TableRow>
            </TableHead>
            <TableBody>
              {shown.map((cohort) => (
                <TableRow key={cohort.cohort}>
                  <TableCell>{formatMonth(cohort.cohort)}</TableCell>
                  <TableCell align="right">{String(cohort.size)}</TableCell>
                  <TableCell align="right">{formatMoney(cohort.startMrr, currency)}</TableCell>
                  {offsets.map((offset) => (
                    <HeatCell key={offset} month={cohort.months.find((month) => month.offset === offset)} />
                  ))}
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
        <Text variant="microcopy">
          Each cell is the share of the cohort&apos;s starting MRR it still brings in that month, expansion included;
          its colour goes from best to worst at 100% or more, from 90%, from 75% and below 75%. A month still running
          counts what has happened to date.
        </Text>
      </Flex>
    </Tile>
  );
}
