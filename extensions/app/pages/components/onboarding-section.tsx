import {
  BarChart,
  Flex,
  Heading,
  Statistics,
  StatisticsItem,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
  Text,
  Tile,
} from '@hubspot/ui-extensions';
import { lifecycleStageNames, type ManagerPortfolioPayload } from '../shared/manager-payload';
import { formatDays, formatMonth, stageLabels } from './format';

export function OnboardingSection({ onboarding }: { readonly onboarding: ManagerPortfolioPayload['onboarding'] }) {
  const funnel = lifecycleStageNames.map((stage) => ({
    stage: stageLabels[stage],
    companies: onboarding.stages[stage],
  }));
  return (
    <Tile testId="onboarding-section">
      <Flex direction="column" gap="md">
        <Heading>Onboarding and time to value</Heading>
        <Statistics>
          <StatisticsItem label="Median time to value" number={formatDays(onboarding.medianDaysToValue)} />
          <StatisticsItem label="Onboardings complete" number={String(onboarding.measured)} />
          <StatisticsItem label="Onboardings open" number={String(onboarding.open)} />
        </Statistics>
        <BarChart
          data={funnel}
          axes={{
            x: { field: 'stage', fieldType: 'category', label: 'Lifecycle stage' },
            y: { field: 'companies', fieldType: 'linear', label: 'Companies' },
          }}
          options={{ title: 'Onboarding funnel by stage', showDataLabels: true, colorList: ['aqua'] }}
          testId="onboarding-funnel-chart"
        />
        {onboarding.cohorts.length === 0 ? (
          <Text>No hand-off in this range.</Text>
        ) : (
          <Table bordered density="condensed" testId="cohort-table">
            <TableHead>
              <TableRow>
                <TableHeader>Hand-off cohort</TableHeader>
                <TableHeader align="right">Handed off</TableHeader>
                {lifecycleStageNames.map((stage) => (
                  <TableHeader key={stage} align="right">
                    {stageLabels[stage]}
                  </TableHeader>
                ))}
                <TableHeader align="right">Onboarding complete</TableHeader>
                <TableHeader align="right">Median time to value</TableHeader>
              </TableRow>
            </TableHead>
            <TableBody>
              {onboarding.cohorts.map((cohort) => (
                <TableRow key={cohort.cohort}>
                  <TableCell>{formatMonth(cohort.cohort)}</TableCell>
                  <TableCell align="right">{cohort.opened}</TableCell>
                  {lifecycleStageNames.map((stage) => (
                    <TableCell key={stage} align="right">
                      {cohort.stages[stage]}
                    </TableCell>
                  ))}
                  <TableCell align="right">{cohort.completed}</TableCell>
                  <TableCell align="right">{formatDays(cohort.medianDaysToValue)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </Flex>
    </Tile>
  );
}
