import { useCallback } from 'react';
import {
  Button,
  EmptyState,
  ErrorState,
  Flex,
  Heading,
  LoadingSpinner,
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
import type { PlaybookSummary } from '../shared/playbooks-payload';
import { formatDate } from './format';
import type { ManagerFetch } from './manager-api';
import { loadPlaybooks } from './playbooks-api';
import { useServiceRequest } from './use-service-request';

type Outcome = PlaybookSummary['outcomes'][number];

const points = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });
const share = new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 1 });

/** A share (0 to 1) reads as a percentage, a difference of shares as percentage points. */
function value(outcome: Outcome, amount: number): string {
  return outcome.unit === 'share' ? share.format(amount) : points.format(amount);
}

function runs(count: number): string {
  return count === 1 ? '1 run' : `${count} runs`;
}

function mean(outcome: Outcome, group: Outcome['treated']): string {
  return group.mean === null ? `— (${runs(group.runs)})` : `${value(outcome, group.mean)} (${runs(group.runs)})`;
}

function difference(outcome: Outcome): string {
  if (outcome.difference === null) return '—';
  const unit = outcome.unit === 'share' ? ' points' : '';
  const scaled = (amount: number) => points.format(outcome.unit === 'share' ? amount * 100 : amount);
  const signed = `${outcome.difference > 0 ? '+' : ''}${scaled(outcome.difference)}${unit}`;
  return outcome.interval95 === null
    ? signed
    : `${signed} (95% interval ${scaled(outcome.interval95[0])} to ${scaled(outcome.interval95[1])})`;
}

function PlaybookTile({ playbook }: { readonly playbook: PlaybookSummary }) {
  return (
    <Tile testId={`playbook-${playbook.id}`}>
      <Flex direction="column" gap="sm">
        <Flex direction="row" justify="between" align="center">
          <Heading>{playbook.name}</Heading>
          <StatusTag variant={playbook.enabled ? 'success' : 'default'}>{playbook.enabled ? 'On' : 'Off'}</StatusTag>
        </Flex>
        <Text>{`Fires when ${playbook.firesWhen}.`}</Text>
        {playbook.started === 0 ? (
          <Text>{`No runs yet: it has not fired${playbook.enabled ? '' : ' (it is off)'}.`}</Text>
        ) : (
          <Text>{`${runs(playbook.started)} started, ${playbook.completed} with every task done, ${playbook.heldOut} held out for comparison (${playbook.holdoutPercent}% of companies get no steps).`}</Text>
        )}
        {playbook.started === 0 ? null : (
          <Table bordered density="condensed">
            <TableHead>
              <TableRow>
                <TableHeader>Outcome</TableHeader>
                <TableHeader align="right">Treated</TableHeader>
                <TableHeader align="right">Held out</TableHeader>
                <TableHeader>Difference</TableHeader>
                <TableHeader>What it shows</TableHeader>
              </TableRow>
            </TableHead>
            <TableBody>
              {playbook.outcomes.map((outcome) => (
                <TableRow key={outcome.label}>
                  <TableCell>{outcome.label}</TableCell>
                  <TableCell align="right">{mean(outcome, outcome.treated)}</TableCell>
                  <TableCell align="right">{mean(outcome, outcome.holdout)}</TableCell>
                  <TableCell>{difference(outcome)}</TableCell>
                  <TableCell>{outcome.conclusion}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </Flex>
    </Tile>
  );
}

/** Each playbook's runs and its outcomes, treated companies against the held-out ones. */
export function PlaybooksPage({
  fetchFromService,
  dataUrl,
}: {
  readonly fetchFromService: ManagerFetch;
  readonly dataUrl: string;
}) {
  const request = useCallback(() => loadPlaybooks(fetchFromService, dataUrl), [fetchFromService, dataUrl]);
  const { outcome, retry } = useServiceRequest(request);
  if (outcome.status === 'loading')
    return <LoadingSpinner label="Loading playbooks" layout="centered" testId="playbooks-loading" />;
  if (outcome.status === 'error')
    return (
      <ErrorState title="Playbooks could not be loaded" testId="playbooks-error">
        <Text>{outcome.message}</Text>
        <Button onClick={retry}>Try again</Button>
      </ErrorState>
    );
  const { value } = outcome;
  if (value.playbooks.length === 0)
    return (
      <EmptyState title="No playbooks yet" layout="vertical" testId="playbooks-empty">
        <Text>Playbooks turn alerts into HubSpot tasks; add them with the app's playbooks API.</Text>
      </EmptyState>
    );
  return (
    <Flex direction="column" gap="md" testId="playbooks-page">
      <Text variant="microcopy">{`Outcomes as of ${formatDate(value.asOf)}. Each playbook holds back a share of the companies it fires for, with no tasks, so the difference its tasks make can be measured; a measure needs 20 runs in each group to conclude.`}</Text>
      {value.playbooks.map((playbook) => (
        <PlaybookTile key={playbook.id} playbook={playbook} />
      ))}
    </Flex>
  );
}
