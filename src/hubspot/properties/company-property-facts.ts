import type { Client } from '@hubspot/api-client';
import type { CompanyPropertyFacts } from '../../domain/playbooks/property-step-check';
import { withRetry } from '../client';

/** The portal's company properties (not archived: HubSpot takes no value for those), by name. */
export async function readCompanyPropertyFacts(client: Client): Promise<Map<string, CompanyPropertyFacts>> {
  const { results } = await withRetry('GET companies properties', () =>
    client.crm.properties.coreApi.getAll('companies'),
  );
  return new Map(
    results.map((property) => [
      property.name,
      {
        name: property.name,
        label: property.label,
        type: property.type,
        fieldType: property.fieldType,
        options: property.options.map((option) => option.value),
        readOnly: property.modificationMetadata?.readOnlyValue === true || property.calculated === true,
        externalOptions: property.externalOptions === true,
      },
    ]),
  );
}
