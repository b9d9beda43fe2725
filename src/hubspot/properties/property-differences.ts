import type { Property } from '@hubspot/api-client/lib/codegen/crm/properties';
import type { ProductProperty } from './definition-helpers';

function sameOptions(existing: Property, wanted: ProductProperty): boolean {
  const have = existing.options.map((option) => `${option.value}=${option.label}`).join('|');
  const want = (wanted.options ?? []).map((option) => `${option.value}=${option.label}`).join('|');
  return have === want;
}

/**
 * Whether a property of the right type differs from what the product wants in what a start puts back: its label,
 * group, description, field type, currency display or options.
 */
export function needsUpdate(existing: Property, wanted: ProductProperty): boolean {
  return (
    existing.groupName !== wanted.groupName ||
    existing.label !== wanted.label ||
    existing.description !== (wanted.description ?? '') ||
    // The client types a field type with a different enum for reading and creating; their values are the same names.
    existing.fieldType !== (wanted.fieldType as string) ||
    (existing.showCurrencySymbol ?? false) !== (wanted.showCurrencySymbol ?? false) ||
    // HubSpot fills an owner property's options itself.
    (!wanted.externalOptions && !sameOptions(existing, wanted))
  );
}
