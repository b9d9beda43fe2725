import type { Client } from '@hubspot/api-client';
import type { Logger } from '../../config/logger';
import { statusOf, withRetry, type RetryOptions } from '../client';
import { customerSuccessGroup } from './definition-helpers';
import { createProperty, updateProperty } from './property-writes';
import { productObjectTypes, productProperties, type ProductObjectType } from './product-properties';
import { propertyDrift, type PropertyDrift } from './property-drift';
import { needsUpdate } from './property-differences';

export interface ObjectPropertiesResult {
  readonly groupCreated: boolean;
  readonly created: string[];
  readonly updated: string[];
  /** Properties that exist with another type: left alone, since changing a type can lose values. */
  readonly conflicting: string[];
}

export interface EnsurePropertiesResult extends Record<ProductObjectType, ObjectPropertiesResult> {
  /** What could not be brought in line, for the log and `npm run properties -- check`. */
  readonly drift: PropertyDrift[];
}

/** A create that answers 409 found the thing there already: another replica or an earlier run made it. */
async function createUnlessExists(call: () => Promise<unknown>): Promise<boolean> {
  try {
    await call();
    return true;
  } catch (error) {
    if (statusOf(error) === 409) return false;
    throw error;
  }
}

async function ensureObjectProperties(
  client: Client,
  type: ProductObjectType,
  options: RetryOptions & { logger: Logger },
): Promise<{ result: ObjectPropertiesResult; drift: PropertyDrift[] }> {
  const groups = await withRetry(
    `GET ${type} property groups`,
    () => client.crm.properties.groupsApi.getAll(type),
    options,
  );
  let groupCreated = false;
  if (!groups.results.some((group) => group.name === customerSuccessGroup.name)) {
    groupCreated = await withRetry(
      `POST ${type} property group`,
      () => createUnlessExists(() => client.crm.properties.groupsApi.create(type, { ...customerSuccessGroup })),
      options,
    );
  }
  const existing = await withRetry(`GET ${type} properties`, () => client.crm.properties.coreApi.getAll(type), options);
  const byName = new Map(existing.results.map((definition) => [definition.name, definition]));
  const result: ObjectPropertiesResult = { groupCreated, created: [], updated: [], conflicting: [] };
  const drift: PropertyDrift[] = [];
  for (const wanted of productProperties[type]) {
    const current = byName.get(wanted.name);
    if (!current) {
      if (
        await withRetry(
          `POST ${type} property ${wanted.name}`,
          () => createUnlessExists(() => createProperty(client, type, wanted)),
          options,
        )
      ) {
        result.created.push(wanted.name);
      }
      continue;
    }
    const found = propertyDrift(type, current, wanted);
    if (found) {
      result.conflicting.push(wanted.name);
      drift.push(found);
      continue;
    }
    if (!needsUpdate(current, wanted)) continue;
    await withRetry(`PATCH ${type} property ${wanted.name}`, () => updateProperty(client, type, wanted), options);
    result.updated.push(wanted.name);
  }
  return { result, drift };
}

/**
 * Creates the "Customer Success" property groups and every property the product reads or writes (companies and
 * deals), or brings their labels, group, field type and options up to date. Safe on every install and start: a
 * second run only reads. A property that exists with another type is left alone and reported as drift.
 */
export async function ensureCustomerSuccessProperties(
  client: Client,
  logger: Logger,
  retry: RetryOptions = {},
): Promise<EnsurePropertiesResult> {
  const options = { logger, ...retry };
  const companies = await ensureObjectProperties(client, 'companies', options);
  const deals = await ensureObjectProperties(client, 'deals', options);
  const result: EnsurePropertiesResult = {
    companies: companies.result,
    deals: deals.result,
    drift: [...companies.drift, ...deals.drift],
  };
  for (const type of productObjectTypes) {
    const { groupCreated, created, updated } = result[type];
    if (created.length > 0 || updated.length > 0 || groupCreated)
      logger.info({ objectType: type, groupCreated, created, updated }, 'Customer Success properties ensured');
  }
  for (const drift of result.drift) logger.warn(drift, `property drift: ${drift.message}`);
  return result;
}
