import type { Property } from '@hubspot/api-client/lib/codegen/crm/properties';
import type { ProductProperty } from './definition-helpers';

export interface PropertyDrift {
  readonly objectType: string;
  readonly property: string;
  readonly expected: string;
  readonly found: string;
  readonly message: string;
}

function shape(definition: Pick<Property, 'type' | 'referencedObjectType'>): string {
  return definition.referencedObjectType ? `${definition.type} of ${definition.referencedObjectType}` : definition.type;
}

/**
 * A product property HubSpot holds in a form the product cannot use and will not change by itself: another type
 * (changing it can lose values), or an owner property that lost its owner reference.
 */
export function propertyDrift(
  objectType: string,
  current: Property,
  wanted: ProductProperty,
): PropertyDrift | undefined {
  const expected = shape({ type: wanted.type, referencedObjectType: wanted.referencedObjectType });
  const found = shape(current);
  if (expected === found) return undefined;
  return {
    objectType,
    property: wanted.name,
    expected,
    found,
    message: `${objectType} property ${wanted.name} is ${found} in HubSpot, the app needs ${expected}; change or delete it in HubSpot (Settings > Properties), then restart`,
  };
}
