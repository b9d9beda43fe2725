import { Flex, Heading, StatusTag, Text, Tile } from '@hubspot/ui-extensions';
import type { PlaybookRunPayload } from '../shared/card-payload';
import { formatDate } from './format';

const taskTags = {
  to_do: { variant: 'warning', label: 'To do' },
  done: { variant: 'success', label: 'Done' },
  not_created: { variant: 'default', label: 'Being created' },
} as const;

export function PlaybookRunsSection({ runs }: { readonly runs: readonly PlaybookRunPayload[] }) {
  if (runs.length === 0) return null;
  return (
    <Tile testId="playbook-runs-section">
      <Flex direction="column" gap="sm">
        <Heading>Open playbooks</Heading>
        {runs.map((run) => (
          <Flex key={`${run.playbook}:${run.openedOn}`} direction="column" gap="xs">
            <Text format={{ fontWeight: 'bold' }}>{`${run.playbook} (since ${formatDate(run.openedOn)})`}</Text>
            <Text variant="microcopy">{run.evidence}</Text>
            {run.tasks.length === 0 ? null : (
              <Flex direction="column" gap="xs">
                {run.tasks.map((task) => (
                  <Flex key={task.title} direction="row" gap="xs" align="center">
                    <StatusTag variant={taskTags[task.status].variant}>{taskTags[task.status].label}</StatusTag>
                    <Text>{task.dueOn === null ? task.title : `${task.title}, due ${formatDate(task.dueOn)}`}</Text>
                  </Flex>
                ))}
              </Flex>
            )}
          </Flex>
        ))}
      </Flex>
    </Tile>
  );
}
