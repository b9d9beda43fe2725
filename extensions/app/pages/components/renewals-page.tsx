import { useState } from 'react';
import {
  Button,
  EmptyState,
  ErrorState,
  Flex,
  Heading,
  LoadingSpinner,
  Select,
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
import { renewalWindows, type RenewalsPayload } from '../shared/renewals-payload';
import { bandLabels, bandVariants, formatDate, formatMoney, formatPercent, formatQuarter } from './format';
import { RenewalsByMonthChart } from './renewals-by-month-chart';
import type { ManagerFetch } from './manager-api';
import { useRenewals } from './use-renewals';

type SortOrder = 'exposure' | 'date';

function sorted(renewals: RenewalsPayload['renewals'], order: SortOrder): RenewalsPayload['renewals'] {
  return order === 'exposure'
    ? renewals
    : [...renewals].sort((first, second) => first.renewalDate.localeCompare(second.renewalDate));
}

function RenewalsTable({ payload, order }: { readonly payload: RenewalsPayload; readonly order: SortOrder }) {
  const money = (amount: number) => formatMoney(amount, payload.currency);
  return (
    <Table bordered density="condensed" testId="renewals-table">
      <TableHead>
        <TableRow>
          <TableHeader>Company</TableHeader>
          <TableHeader>CSM</TableHeader>
          <TableHeader>Renews</TableHeader>
          <TableHeader align="right">MRR up</TableHeader>
          <TableHeader align="right">Chance of churn</TableHeader>
          <TableHeader align="right">MRR at risk</TableHeader>
          <TableHeader>Health</TableHeader>
          <TableHeader>Main driver</TableHeader>
          <TableHeader>Renewal deal</TableHeader>
        </TableRow>
      </TableHead>
      <TableBody>
        {sorted(payload.renewals, order).map((row) => (
          <TableRow key={`${row.companyId}:${row.renewalDate}`}>
            <TableCell>{row.companyName}</TableCell>
            <TableCell>{row.csm}</TableCell>
            <TableCell>{`${formatDate(row.renewalDate)} (in ${row.daysToRenewal} days)`}</TableCell>
            <TableCell align="right">{money(row.amount)}</TableCell>
            <TableCell align="right">{formatPercent(row.churnPercent)}</TableCell>
            <TableCell align="right">{row.exposure === null ? '—' : money(row.exposure)}</TableCell>
            <TableCell>
              {row.healthBand === null ? (
                '—'
              ) : (
                <StatusTag
                  variant={bandVariants[row.healthBand]}
                >{`${row.healthScore ?? ''} · ${bandLabels[row.healthBand]}`}</StatusTag>
              )}
            </TableCell>
            <TableCell>{row.topDriver ?? '—'}</TableCell>
            <TableCell>{row.renewalDeal ?? 'None open'}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

function ForecastTile({ payload }: { readonly payload: RenewalsPayload }) {
  const { forecast } = payload;
  const money = (amount: number) => formatMoney(amount, payload.currency);
  return (
    <Tile testId="renewals-forecast">
      <Flex direction="column" gap="sm">
        <Heading>{`Forecast for ${formatQuarter(forecast.quarter)}${forecast.partial ? ', in progress' : ''}`}</Heading>
        <Statistics>
          <StatisticsItem label="Renewals in the quarter" number={String(forecast.renewals)} />
          <StatisticsItem label="MRR up for renewal" number={money(forecast.amountUp)} />
          <StatisticsItem label="Expected to renew" number={money(forecast.expectedRenewed)}>
            <Text variant="microcopy">{`95% interval ${money(forecast.interval[0])} – ${money(forecast.interval[1])}`}</Text>
          </StatisticsItem>
          <StatisticsItem label="MRR at risk" number={money(forecast.atRisk)} />
        </Statistics>
      </Flex>
    </Tile>
  );
}

/** Renewals due soon, riskiest money first, filtered by window and CSM, with the quarter's forecast. */
export function RenewalsPage({
  fetchFromService,
  dataUrl,
}: {
  readonly fetchFromService: ManagerFetch;
  readonly dataUrl: string;
}) {
  const { state, query, setQuery, retry } = useRenewals(fetchFromService, dataUrl);
  const [order, setOrder] = useState<SortOrder>('exposure');
  if (state.status === 'loading')
    return <LoadingSpinner label="Loading renewals" layout="centered" testId="renewals-loading" />;
  if (state.status === 'error') {
    return (
      <ErrorState title="Renewals could not be loaded" testId="renewals-error">
        <Text>{state.message}</Text>
        <Button onClick={retry}>Try again</Button>
      </ErrorState>
    );
  }
  const { payload } = state;
  const money = (amount: number) => formatMoney(amount, payload.currency);
  return (
    <Flex direction="column" gap="md" testId="renewals-page">
      <Flex direction="row" gap="md">
        <Select
          label="Renewing within"
          testId="renewals-window"
          value={String(query.within)}
          options={renewalWindows.map((days) => ({ label: `${days} days`, value: String(days) }))}
          onChange={(value) => setQuery({ ...query, within: Number(value) as (typeof renewalWindows)[number] })}
        />
        <Select
          label="CSM"
          testId="renewals-csm"
          value={query.csm ?? 'all'}
          options={[
            { label: 'Everyone', value: 'all' },
            ...payload.csms.map((csm) => ({ label: csm.name, value: csm.id })),
          ]}
          onChange={(value) => setQuery({ within: query.within, ...(value === 'all' ? {} : { csm: String(value) }) })}
        />
        <Select
          label="Sort by"
          testId="renewals-order"
          value={order}
          options={[
            { label: 'MRR at risk', value: 'exposure' },
            { label: 'Renewal date', value: 'date' },
          ]}
          onChange={(value) => setOrder(value === 'date' ? 'date' : 'exposure')}
        />
      </Flex>
      <Text variant="microcopy">
        {payload.method === 'model'
          ? "Chance of churn from a model trained on this portal's past renewals, and checked on renewals it had not seen."
          : "No churn forecast yet: this portal's past renewals are not yet enough to forecast churn better than the health score, so renewals are ranked by health."}
      </Text>
      <Statistics>
        <StatisticsItem label="Renewals" number={String(payload.totals.renewals)} />
        <StatisticsItem label="MRR up for renewal" number={money(payload.totals.amountUp)} />
        <StatisticsItem
          label="MRR at risk"
          number={payload.totals.atRisk === null ? '—' : money(payload.totals.atRisk)}
        />
      </Statistics>
      <RenewalsByMonthChart payload={payload} />
      {payload.renewals.length === 0 ? (
        <EmptyState title={`No renewal in the next ${payload.within} days`} layout="vertical" testId="renewals-empty">
          <Text>Choose a longer window or another CSM.</Text>
        </EmptyState>
      ) : (
        <RenewalsTable payload={payload} order={order} />
      )}
      <ForecastTile payload={payload} />
    </Flex>
  );
}
