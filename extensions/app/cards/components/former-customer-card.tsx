import { Alert, Flex, Text } from '@hubspot/ui-extensions';
import type { CompanyHealthCardPayload } from '../shared/card-payload';
import { formatDate } from './format';
import { OnboardingSection } from './onboarding-section';
import { PlaybookRunsSection } from './playbook-runs-section';
import { RevenueSection } from './revenue-section';
import { SubsidiariesSection } from './subsidiaries-section';

/**
 * A company whose contracts have all ended: what it was (onboarding and contracts), without the health, adoption,
 * suggestions and renewal that only a running customer has ("no health score yet" would read as a new customer).
 */
export function FormerCustomerCard({ payload }: { readonly payload: CompanyHealthCardPayload }) {
  const lastDay = payload.revenue.contracts.reduce<string | null>(
    (latest, contract) => (latest === null || contract.endDate > latest ? contract.endDate : latest),
    null,
  );
  const since = lastDay === null ? '' : ` since ${formatDate(lastDay)}`;
  return (
    <Flex direction="column" gap="md" testId="card-former-customer">
      <Alert title="Former customer" variant="info" testId="former-customer-notice">
        {`${payload.company.name} has had no active contract${since}. Its onboarding and contracts are below; health, adoption and suggestions come back when it signs again.`}
      </Alert>
      {payload.onboarding ? (
        <OnboardingSection
          onboarding={payload.onboarding}
          busy
          history
          onSetStage={ignore}
          onCompleteMilestone={ignore}
        />
      ) : null}
      {(payload.playbookRuns ?? []).length > 0 ? <PlaybookRunsSection runs={payload.playbookRuns ?? []} /> : null}
      <RevenueSection revenue={payload.revenue} />
      {payload.subsidiaries ? <SubsidiariesSection subsidiaries={payload.subsidiaries} /> : null}
      <Text variant="microcopy">{`Figures as of ${formatDate(payload.asOf)}.`}</Text>
    </Flex>
  );
}

function ignore(): void {}
