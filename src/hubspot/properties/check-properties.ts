import type { Client } from '@hubspot/api-client';
import { withRetry, type RetryOptions } from '../client';
import { productObjectTypes, productProperties } from './product-properties';
import { propertyDrift, type PropertyDrift } from './property-drift';
import { needsUpdate } from './property-differences';

export interface PropertyCheck {
  /** `objectType.name` of product properties HubSpot does not have yet (the next start creates them). */
  readonly missing: string[];
  /** `objectType.name` of those whose label, group, description, field type, options or currency display the next start puts back. */
  readonly outdated: string[];
  readonly drift: PropertyDrift[];
}

/** Reads the portal's definitions and compares them with the product's, changing nothing. */
export async function checkProductProperties(client: Client, retry: RetryOptions = {}): Promise<PropertyCheck> {
  const missing: string[] = [];
  const outdated: string[] = [];
  const drift: PropertyDrift[] = [];
  for (const type of productObjectTypes) {
    const existing = await withRetry(`GET ${type} properties`, () => client.crm.properties.coreApi.getAll(type), retry);
    const byName = new Map(existing.results.map((definition) => [definition.name, definition]));
    for (const wanted of productProperties[type]) {
      const current = byName.get(wanted.name);
      if (!current) missing.push(`${type}.${wanted.name}`);
      else {
        const found = propertyDrift(type, current, wanted);
        if (found) drift.push(found);
        else if (needsUpdate(current, wanted)) outdated.push(`${type}.${wanted.name}`);
      }
    }
  }
  return { missing, outdated, drift };
}
