import type { PropertyCreate } from '@hubspot/api-client/lib/codegen/crm/properties';
import { inputProperties } from '../../src/hubspot/properties/product-properties';
import type { FixturePropertyInput } from '../../src/sandbox/fixture-properties';

function declaration(definition: PropertyCreate): FixturePropertyInput {
  return {
    name: definition.name,
    label: definition.label,
    type: definition.type,
    fieldType: definition.fieldType,
    groupName: definition.groupName,
    options: (definition.options ?? []).map(({ value, label }) => ({ value, label })),
  };
}

/**
 * The custom properties of a portal that already runs the app: the account id and tier on companies and the contract
 * fields on deals, as the app defines them. Fixtures whose records carry those values declare these.
 */
export const appInputProperties = {
  companies: inputProperties.companies.map(declaration),
  deals: inputProperties.deals.map(declaration),
};
