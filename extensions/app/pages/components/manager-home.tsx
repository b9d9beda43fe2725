import { useMemo } from 'react';
import type { ManagerCut } from '../shared/manager-payload';
import { Button, EmptyState, ErrorState, Flex, LoadingSpinner, Text } from '@hubspot/ui-extensions';
import { AlertsSection } from './alerts-section';
import { CohortHeatMapSection } from './cohort-heat-map-section';
import { GroupKpisSection } from './group-kpis-section';
import { HealthBandsSection } from './health-bands-section';
import { createManagerApi, type ManagerFetch } from './manager-api';
import { MaturitySection } from './maturity-section';
import { MrrMovementsSection } from './mrr-movements-section';
import { OnboardingSection } from './onboarding-section';
import { PlaybookRunsSection } from './playbook-runs-section';
import { RetentionSection } from './retention-section';
import { formatDate, formatMonth } from './format';
import { useManagerPortfolio } from './use-manager-portfolio';

export interface ManagerHomeProps {
  readonly fetchFromService: ManagerFetch;
  /** The portfolio data URL (generated from app.json's `pages.dataPath`). */
  readonly dataUrl: string;
  /** The KPI cut to open with (a deep link's); by CSM otherwise. */
  readonly initialCut?: ManagerCut;
}

/** The manager's portfolio view: the portfolio app page in HubSpot and `/manager` in the local preview. */
export function ManagerHome({ fetchFromService, dataUrl, initialCut }: ManagerHomeProps) {
  const api = useMemo(() => createManagerApi(fetchFromService, dataUrl), [fetchFromService, dataUrl]);
  const { state, setCut, retry } = useManagerPortfolio(api, initialCut);

  switch (state.status) {
    case 'loading':
      return <LoadingSpinner label="Loading the portfolio" layout="centered" testId="manager-loading" />;
    case 'error':
      return (
        <ErrorState title="The portfolio could not be loaded" testId="manager-error">
          <Text>{state.message}</Text>
          <Button onClick={retry} testId="manager-retry">
            Try again
          </Button>
        </ErrorState>
      );
    case 'empty':
      return (
        <EmptyState title="No customers to show yet" layout="vertical" testId="manager-empty">
          <Text>
            The portfolio view fills in once deals are synced and the first health run has scored your customers.
          </Text>
        </EmptyState>
      );
    case 'ready': {
      const { payload } = state;
      return (
        <Flex direction="column" gap="md" testId="manager-ready">
          <Text variant="microcopy">{`${formatMonth(payload.from)} to ${formatMonth(payload.to)} · figures as of ${formatDate(payload.asOf)} · ${payload.currency}`}</Text>
          {payload.unmatchedEvents.count > 0 ? (
            <Text variant="microcopy">{`${payload.unmatchedEvents.count} usage events match no company yet. ${payload.unmatchedEvents.hint}`}</Text>
          ) : null}
          {payload.renewalsNote === null ? null : (
            <Text variant="microcopy" testId="manager-renewals-note">
              {payload.renewalsNote}
            </Text>
          )}
          <RetentionSection
            months={payload.months}
            customers={payload.customers}
            headlineMonth={payload.headlineMonth}
          />
          <MrrMovementsSection
            months={payload.months}
            currency={payload.currency}
            headlineMonth={payload.headlineMonth}
          />
          {payload.retention ? (
            <CohortHeatMapSection cohorts={payload.retention.cohorts} currency={payload.currency} />
          ) : null}
          <HealthBandsSection
            health={payload.health}
            runningMonth={payload.months.find((month) => month.partial)?.period ?? null}
          />
          <OnboardingSection onboarding={payload.onboarding} />
          <GroupKpisSection groups={payload.groups} currency={payload.currency} onCutChange={setCut} />
          <AlertsSection alerts={payload.alerts} />
          <PlaybookRunsSection playbookRuns={payload.playbookRuns} />
          <MaturitySection maturity={payload.maturity} />
        </Flex>
      );
    }
  }
}
