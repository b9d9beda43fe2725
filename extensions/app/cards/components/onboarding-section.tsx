import {
  Button,
  DescriptionList,
  DescriptionListItem,
  Flex,
  Heading,
  ProgressBar,
  Select,
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
import { lifecycleStages, type LifecycleStage, type OnboardingPayload } from '../shared/card-payload';
import { formatDate, formatNumber, stageLabels } from './format';

export interface OnboardingSectionProps {
  readonly onboarding: OnboardingPayload;
  readonly busy: boolean;
  readonly onSetStage: (stage: LifecycleStage) => void;
  readonly onCompleteMilestone: (milestoneKey: string) => void;
  /** A former customer's onboarding: what happened, with no stage to set, milestone to mark or days counting on. */
  readonly history?: boolean;
}

const stateTags = {
  done: { variant: 'success', label: 'Done' },
  on_track: { variant: 'info', label: 'On track' },
  behind: { variant: 'danger', label: 'Behind' },
} as const;

const touchModelLabels = { high_touch: 'High touch', low_touch: 'Low touch', tech_touch: 'Tech touch' } as const;

export function OnboardingSection({
  onboarding,
  busy,
  onSetStage,
  onCompleteMilestone,
  history = false,
}: OnboardingSectionProps) {
  const stageNumber = lifecycleStages.indexOf(onboarding.stage) + 1;
  return (
    <Tile testId="onboarding-section">
      <Flex direction="column" gap="sm">
        <Flex direction="row" justify="between" align="center">
          <Heading>Onboarding</Heading>
          {history ? null : (
            <StatusTag variant={onboarding.stageSource === 'manual' ? 'warning' : 'info'}>
              {onboarding.stageSource === 'manual' ? 'Stage set by hand' : 'Stage from rules'}
            </StatusTag>
          )}
        </Flex>
        {history ? null : (
          <Text
            format={{ fontWeight: 'demibold' }}
            testId="onboarding-stage"
          >{`Stage ${stageNumber} of ${lifecycleStages.length}: ${stageLabels[onboarding.stage]}`}</Text>
        )}
        <ProgressBar
          title={`Milestones: ${onboarding.milestonesDone} of ${onboarding.milestones.length} done`}
          value={onboarding.progressPercent}
          maxValue={100}
          showPercentage
          variant="success"
          testId="onboarding-progress"
        />
        <DescriptionList direction="row">
          <DescriptionListItem label="CSM">
            <Text>{onboarding.csmName ?? 'Not assigned'}</Text>
          </DescriptionListItem>
          <DescriptionListItem label="Touch model">
            <Text>{touchModelLabels[onboarding.touchModel]}</Text>
          </DescriptionListItem>
          {history ? null : (
            <DescriptionListItem label="Since hand-off">
              <Text>
                {onboarding.daysSinceHandoff === null ? '—' : `${formatNumber(onboarding.daysSinceHandoff)} days`}
              </Text>
            </DescriptionListItem>
          )}
          <DescriptionListItem label="Time to value">
            <Text>
              {onboarding.timeToValueDays !== null
                ? `${onboarding.timeToValueDays} days`
                : onboarding.trackedFromHandoff
                  ? 'Not reached yet'
                  : 'Not known: handed off before the app'}
            </Text>
          </DescriptionListItem>
          <DescriptionListItem label="Hand-off">
            <Text>{formatDate(onboarding.handoffDate)}</Text>
          </DescriptionListItem>
        </DescriptionList>
        {onboarding.manualOverride && !history ? (
          <Text variant="microcopy">
            {`Set by ${onboarding.manualOverride.setBy} on ${formatDate(onboarding.manualOverride.setAt.slice(0, 10))}; the rules say ${stageLabels[onboarding.derivedStage]}.`}
          </Text>
        ) : null}
        {history ? null : (
          <Select
            label="Set stage by hand"
            name="stage"
            testId="stage-select"
            value={onboarding.stage}
            readOnly={busy}
            options={lifecycleStages.map((stage) => ({ label: stageLabels[stage], value: stage }))}
            onChange={(value) => {
              const stage = lifecycleStages.find((candidate) => candidate === value);
              if (stage && stage !== onboarding.stage) onSetStage(stage);
            }}
          />
        )}
        <Table bordered density="condensed">
          <TableHead>
            <TableRow>
              <TableHeader>Milestone</TableHeader>
              <TableHeader>Due</TableHeader>
              <TableHeader>Status</TableHeader>
              <TableHeader>Done by</TableHeader>
            </TableRow>
          </TableHead>
          <TableBody>
            {onboarding.milestones.map((milestone) => (
              <TableRow key={milestone.key}>
                <TableCell>{milestone.required ? milestone.label : `${milestone.label} (optional)`}</TableCell>
                <TableCell>{formatDate(milestone.dueDate)}</TableCell>
                <TableCell>
                  <StatusTag variant={stateTags[milestone.state].variant}>
                    {milestone.state === 'done' && milestone.doneDate
                      ? `Done ${formatDate(milestone.doneDate)}`
                      : stateTags[milestone.state].label}
                  </StatusTag>
                </TableCell>
                <TableCell>
                  {milestone.state === 'done' ? (
                    <Text variant="microcopy">{milestone.doneBy ?? 'Not recorded'}</Text>
                  ) : history ? (
                    <Text variant="microcopy">Not done</Text>
                  ) : (
                    <Button
                      size="xs"
                      variant="secondary"
                      disabled={busy}
                      testId={`complete-${milestone.key}`}
                      onClick={() => onCompleteMilestone(milestone.key)}
                    >
                      Mark done
                    </Button>
                  )}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </Flex>
    </Tile>
  );
}
