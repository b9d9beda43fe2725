import {
  Flex,
  Heading,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
  Tag,
  Text,
  Tile,
} from '@hubspot/ui-extensions';
import type { ManagerPortfolioPayload } from '../shared/manager-payload';
import { formatDate } from './format';

export function PlaybookRunsSection({
  playbookRuns,
}: {
  readonly playbookRuns: ManagerPortfolioPayload['playbookRuns'];
}) {
  const shown =
    playbookRuns.items.length < playbookRuns.total
      ? `, the ${playbookRuns.items.length} with the most overdue tasks shown (the CSV download has them all)`
      : '';
  return (
    <Tile testId="playbook-runs-section">
      <Flex direction="column" gap="md">
        <Heading>Open playbook runs</Heading>
        {playbookRuns.items.length === 0 ? (
          <Text>No playbook run is open.</Text>
        ) : (
          <>
            <Text variant="microcopy">{`${playbookRuns.total} open runs${shown}.`}</Text>
            <Table bordered density="condensed" testId="playbook-runs-table">
              <TableHead>
                <TableRow>
                  <TableHeader>Company</TableHeader>
                  <TableHeader>Playbook</TableHeader>
                  <TableHeader>Opened</TableHeader>
                  <TableHeader>Tasks done</TableHeader>
                  <TableHeader>CSM</TableHeader>
                </TableRow>
              </TableHead>
              <TableBody>
                {playbookRuns.items.map((run) => (
                  <TableRow key={`${run.companyId}:${run.playbook}`}>
                    <TableCell>{run.companyName ?? `Company ${run.companyId}`}</TableCell>
                    <TableCell>{run.playbook}</TableCell>
                    <TableCell>{formatDate(run.openedOn)}</TableCell>
                    <TableCell>
                      <Flex direction="row" gap="xs" align="center">
                        <Text>{`${run.tasksDone} of ${run.tasks}`}</Text>
                        {run.tasksOverdue > 0 ? <Tag variant="warning">{`${run.tasksOverdue} overdue`}</Tag> : null}
                      </Flex>
                    </TableCell>
                    <TableCell>{run.csm ?? 'Unassigned'}</TableCell>
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
