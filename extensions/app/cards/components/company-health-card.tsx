import { Flex, Heading, Text, type CrmContext, type ExtensionPointApiActions } from '@hubspot/ui-extensions';

export interface CompanyHealthCardProps {
  readonly context: CrmContext;
  readonly actions: ExtensionPointApiActions<'crm.record.tab'>;
}

/** Placeholder until the card reads its payload from the service. */
export function CompanyHealthCard({ context }: CompanyHealthCardProps) {
  return (
    <Flex direction="column" gap="sm">
      <Heading>Customer Success</Heading>
      <Text testId="company-health-card-placeholder">
        Health score, lifecycle stage, onboarding and renewal for company {context.crm.objectId} will appear here.
      </Text>
    </Flex>
  );
}
