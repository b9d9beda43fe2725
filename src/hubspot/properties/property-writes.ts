import type { Client } from '@hubspot/api-client';
import { HubSpotAnswerError } from '../answer-error';
import type { ProductProperty } from './definition-helpers';

// Property creates and updates go as JSON through the client's `apiRequest` (with its budget), since the client v13's
// models drop `showCurrencySymbol`, which HubSpot's properties API takes (and returns) for a number shown as money.

async function send(client: Client, method: 'POST' | 'PATCH', path: string, body: object): Promise<void> {
  const response = await client.apiRequest({ method, path, body });
  if (response.status >= 200 && response.status < 300) return;
  throw await HubSpotAnswerError.of(response, `${method} ${path}`);
}

export function createProperty(client: Client, objectType: string, wanted: ProductProperty): Promise<void> {
  return send(client, 'POST', `/crm/v3/properties/${objectType}`, wanted);
}

/** Brings an existing property's label, group, field type, description, options and currency display in line. */
export function updateProperty(client: Client, objectType: string, wanted: ProductProperty): Promise<void> {
  return send(client, 'PATCH', `/crm/v3/properties/${objectType}/${wanted.name}`, {
    label: wanted.label,
    groupName: wanted.groupName,
    fieldType: wanted.fieldType,
    ...(wanted.description === undefined ? {} : { description: wanted.description }),
    // HubSpot fills an owner property's options itself.
    ...(wanted.options && !wanted.externalOptions ? { options: wanted.options } : {}),
    ...(wanted.showCurrencySymbol === undefined ? {} : { showCurrencySymbol: wanted.showCurrencySymbol }),
  });
}
