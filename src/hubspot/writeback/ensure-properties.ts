import type { Client } from '@hubspot/api-client';
import type { Property, PropertyCreate } from '@hubspot/api-client/lib/codegen/crm/properties';
import type { Logger } from '../../config/logger';
import { statusOf, withRetry, type RetryOptions } from '../client';
import { customerSuccessGroup, customerSuccessProperties } from './property-definitions';

export interface EnsurePropertiesResult {
  readonly groupCreated: boolean;
  readonly created: string[];
  readonly updated: string[];
  /** Properties that exist with another type: left alone, since changing a type can lose values. */
  readonly conflicting: string[];
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

function sameOptions(existing: Property, wanted: PropertyCreate): boolean {
  const have = existing.options.map((option) => `${option.value}=${option.label}`).join('|');
  const want = (wanted.options ?? []).map((option) => `${option.value}=${option.label}`).join('|');
  return have === want;
}

function needsUpdate(existing: Property, wanted: PropertyCreate): boolean {
  return existing.groupName !== wanted.groupName || existing.label !== wanted.label || existing.description !== (wanted.description ?? '')
    // HubSpot fills an owner property's options itself.
    || (!wanted.externalOptions && !sameOptions(existing, wanted));
}

/**
 * Creates the "Customer Success" company property group and the cs_* properties, or brings their labels,
 * group and options up to date. Safe to run on every install and start: a second run only reads.
 */
export async function ensureCustomerSuccessProperties(client: Client, logger: Logger, retry: RetryOptions = {}): Promise<EnsurePropertiesResult> {
  const options = { logger, ...retry };
  const groups = await withRetry('GET company property groups', () => client.crm.properties.groupsApi.getAll('companies'), options);
  let groupCreated = false;
  if (!groups.results.some((group) => group.name === customerSuccessGroup.name)) {
    groupCreated = await withRetry('POST property group', () => createUnlessExists(() => client.crm.properties.groupsApi.create('companies', { ...customerSuccessGroup })), options);
  }
  const existing = await withRetry('GET company properties', () => client.crm.properties.coreApi.getAll('companies'), options);
  const byName = new Map(existing.results.map((definition) => [definition.name, definition]));
  const result: EnsurePropertiesResult = { groupCreated, created: [], updated: [], conflicting: [] };
  for (const wanted of customerSuccessProperties) {
    const current = byName.get(wanted.name);
    if (!current) {
      if (await withRetry(`POST property ${wanted.name}`, () => createUnlessExists(() => client.crm.properties.coreApi.create('companies', wanted)), options)) {
        result.created.push(wanted.name);
      }
      continue;
    }
    if (current.type !== wanted.type) {
      result.conflicting.push(wanted.name);
      logger.warn({ property: wanted.name, type: current.type, expected: wanted.type }, 'a company property of another type already has this name');
      continue;
    }
    if (!needsUpdate(current, wanted)) continue;
    await withRetry(`PATCH property ${wanted.name}`, () => client.crm.properties.coreApi.update('companies', wanted.name, {
      label: wanted.label, groupName: wanted.groupName, ...(wanted.description === undefined ? {} : { description: wanted.description }),
      ...(wanted.options && !wanted.externalOptions ? { options: wanted.options } : {}),
    }), options);
    result.updated.push(wanted.name);
  }
  if (result.created.length > 0 || result.updated.length > 0 || groupCreated) logger.info(result, 'Customer Success company properties ensured');
  return result;
}
