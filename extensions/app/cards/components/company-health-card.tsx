import { useMemo } from 'react';
import { Alert, Button, EmptyState, ErrorState, Flex, LoadingSpinner, Text } from '@hubspot/ui-extensions';
import { createCardApi, type CardFetch } from './card-api';
import { AdoptionSection } from './adoption-section';
import { HealthSection } from './health-section';
import { HealthTrendSection } from './health-trend-section';
import { OnboardingSection } from './onboarding-section';
import { RenewalSection } from './renewal-section';
import { PlaybookRunsSection } from './playbook-runs-section';
import { RevenueSection } from './revenue-section';
import { SuggestionsSection } from './suggestions-section';
import { SubsidiariesSection } from './subsidiaries-section';
import { useCompanyCard } from './use-company-card';
import { formatDate } from './format';
import { FormerCustomerCard } from './former-customer-card';

export interface CompanyHealthCardProps {
  /** The company record's id (`context.crm.objectId`). */
  readonly companyId: string;
  readonly fetchFromService: CardFetch;
  /** The card's data URL (generated from app.json's `dataPath`). */
  readonly dataUrl: string;
  /** HubSpot's `actions.refreshObjectProperties`: called after an action changed the record in the CRM. */
  readonly refreshObjectProperties?: () => void;
}

export function CompanyHealthCard({
  companyId,
  fetchFromService,
  dataUrl,
  refreshObjectProperties,
}: CompanyHealthCardProps) {
  const api = useMemo(() => createCardApi(fetchFromService, dataUrl), [fetchFromService, dataUrl]);
  const { state, busy, actionError, retry, act } = useCompanyCard(api, companyId, refreshObjectProperties);

  switch (state.status) {
    case 'loading':
      return <LoadingSpinner label="Loading customer success data" layout="centered" testId="card-loading" />;
    case 'error':
      return (
        <ErrorState title="Customer success data could not be loaded" testId="card-error">
          <Text>{state.message}</Text>
          <Button onClick={retry} testId="card-retry">
            Try again
          </Button>
        </ErrorState>
      );
    case 'empty':
      return (
        <EmptyState
          title={`${state.payload.company.name} is not a customer yet`}
          layout="vertical"
          imageName="customerExperience"
          testId="card-empty"
        >
          <Text>Onboarding starts at hand-off, when the first contract is won. You can start it now.</Text>
          <Button
            variant="primary"
            disabled={busy}
            testId="start-onboarding"
            onClick={() => act('setStage', { stage: 'introduction' })}
          >
            Start onboarding
          </Button>
          {actionError ? (
            <Alert title="Could not start onboarding" variant="error">
              {actionError}
            </Alert>
          ) : null}
        </EmptyState>
      );
    case 'ready': {
      const { payload } = state;
      if (payload.company.status === 'former_customer') return <FormerCustomerCard payload={payload} />;
      return (
        <Flex direction="column" gap="md" testId="card-ready">
          {actionError ? (
            <Alert title="That did not work" variant="error" testId="card-action-error">
              {actionError}
            </Alert>
          ) : null}
          {payload.onboarding ? (
            <OnboardingSection
              onboarding={payload.onboarding}
              busy={busy}
              onSetStage={(stage) => act('setStage', { stage })}
              onCompleteMilestone={(milestoneKey) => act('completeMilestone', { milestoneKey })}
            />
          ) : (
            <Alert title="Onboarding" variant="info">
              No onboarding record for this customer yet.
            </Alert>
          )}
          <AdoptionSection adoption={payload.adoption} />
          <HealthSection health={payload.health} />
          <HealthTrendSection trend={payload.healthTrend} />
          <PlaybookRunsSection runs={payload.playbookRuns ?? []} />
          <SuggestionsSection
            suggestions={payload.suggestions}
            busy={busy}
            onCreateDeal={(suggestionId) => act('createSuggestedDeal', { suggestionId })}
            onDismiss={(suggestionId, reason) => act('dismissSuggestion', { suggestionId, reason })}
          />
          {payload.renewal ? <RenewalSection renewal={payload.renewal} /> : null}
          <RevenueSection revenue={payload.revenue} />
          {payload.subsidiaries ? <SubsidiariesSection subsidiaries={payload.subsidiaries} /> : null}
          <Text variant="microcopy">{`Figures as of ${formatDate(payload.asOf)}.`}</Text>
        </Flex>
      );
    }
  }
}
