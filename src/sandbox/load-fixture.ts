import { childToParentTypeId } from './association-types';
import { readFile } from 'node:fs/promises';
import type { z } from 'zod';
import { HubSpotError } from './errors';
import { toPropertyCreate } from './fixture-properties';
import { fixtureSchema, type Fixture } from './fixture-schema';
import type { ObjectType } from './object-types';
import type { SandboxStore } from './store';

export class FixtureError extends Error {}

function issuePath(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (text, part) => (typeof part === 'number' ? `${text}[${part}]` : `${text}${text ? '.' : ''}${String(part)}`),
    '',
  );
}

export function describeFixtureIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issuePath(issue.path) || '(root)'}: ${issue.message}`).join('\n');
}

/** Reads and validates a fixture file, naming the bad field when it does not fit the schema. */
export async function loadFixtureFile(path: string): Promise<Fixture> {
  const text = await readFile(path, 'utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new FixtureError(`${path} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = fixtureSchema.safeParse(json);
  if (!parsed.success)
    throw new FixtureError(`${path} does not fit the fixture schema:\n${describeFixtureIssues(parsed.error)}`);
  return parsed.data;
}

function defineDeclaredProperties(
  store: SandboxStore,
  type: ObjectType,
  declared: Fixture['properties']['companies'],
): void {
  declared.forEach((property, index) => {
    if (store.properties.get(type, property.name)) {
      throw new FixtureError(
        `properties.${type}[${index}].name: ${property.name} is already a ${type} property (HubSpot's own, or declared twice)`,
      );
    }
    const definition = toPropertyCreate(type, property);
    const groupExists = store.properties.listGroups(type).some((group) => group.name === definition.groupName);
    if (!groupExists)
      store.properties.createGroup(type, { name: definition.groupName, label: definition.groupName, displayOrder: -1 });
    store.properties.create(type, definition);
  });
}

function addOptions(store: SandboxStore, type: ObjectType, added: Fixture['addedOptions']['companies']): void {
  for (const [name, options] of Object.entries(added)) {
    const definition = store.properties.get(type, name);
    if (!definition?.hubspotDefined || definition.type !== 'enumeration' || definition.externalOptions) {
      throw new FixtureError(
        `addedOptions.${type}.${name}: not one of HubSpot's own ${type} properties with options (declare a property of the portal's own under properties.${type})`,
      );
    }
    options.forEach((option, index) => {
      if (definition.options.some((existing) => existing.value === option.value))
        throw new FixtureError(
          `addedOptions.${type}.${name}[${index}].value: ${name} already has the option ${option.value}`,
        );
      definition.options.push({ ...option, displayOrder: definition.options.length, hidden: false });
    });
  }
}

// A real portal answers 400 PROPERTY_DOESNT_EXIST to a value of an undefined property; a fixture must not hide that.
function requireDefined(
  store: SandboxStore,
  type: ObjectType,
  records: readonly { properties: Record<string, string | null> }[],
  label: string,
): void {
  records.forEach((record, index) => {
    for (const name of Object.keys(record.properties)) {
      if (store.properties.get(type, name)) continue;
      throw new FixtureError(
        `${label}[${index}].properties.${name}: no ${type} property ${name}; declare it under properties.${type} (HubSpot's own properties need no declaration)`,
      );
    }
  });
}

function loadRecords(store: SandboxStore, type: ObjectType, records: Fixture['companies'], label: string): void {
  requireDefined(store, type, records, label);
  records.forEach((record, index) => {
    if (store.objects.get(type, record.id)) throw new FixtureError(`${label}[${index}].id: ${record.id} is used twice`);
    try {
      store.objects.create(type, record.properties, {
        trusted: true,
        id: record.id,
        createdAt: record.createdAt,
        updatedAt: record.updatedAt ?? record.createdAt,
      });
    } catch (error) {
      if (error instanceof HubSpotError) throw new FixtureError(`${label}[${index}].properties: ${error.message}`);
      throw error;
    }
  });
}

// A fixture names a company's parent by its property; HubSpot holds it as a child-to-parent association. A
// parent missing from the fixture stands for one the product never synced: the property stays, unlinked.
function associateParentCompanies(store: SandboxStore, companies: Fixture['companies']): void {
  for (const company of companies) {
    const parentId = company.properties.hs_parent_company_id;
    if (typeof parentId !== 'string' || !store.objects.get('companies', parentId)) continue;
    store.associations.add('companies', company.id, parentId, childToParentTypeId);
  }
}

/** Puts a validated fixture into the store: owners, pipelines, companies, then deals with their companies. */
export function loadFixture(store: SandboxStore, fixture: Fixture): void {
  store.portal = { ...fixture.portal };
  for (const owner of fixture.owners) store.addOwner(owner);
  for (const pipeline of fixture.pipelines) store.putDealPipeline(pipeline);
  defineDeclaredProperties(store, 'companies', fixture.properties.companies);
  defineDeclaredProperties(store, 'deals', fixture.properties.deals);
  addOptions(store, 'companies', fixture.addedOptions.companies);
  addOptions(store, 'deals', fixture.addedOptions.deals);
  loadRecords(store, 'companies', fixture.companies, 'companies');
  loadRecords(store, 'deals', fixture.deals, 'deals');
  associateParentCompanies(store, fixture.companies);
  fixture.deals.forEach((deal, dealIndex) => {
    deal.companyIds.forEach((companyId, companyIndex) => {
      if (!store.objects.get('companies', companyId)) {
        throw new FixtureError(
          `deals[${dealIndex}].companyIds[${companyIndex}]: no company with id ${companyId} in the fixture`,
        );
      }
      // The first company is the deal's primary company (type 5); the others are unlabeled (341).
      store.associations.add('deals', deal.id, companyId, companyIndex === 0 ? 5 : 341);
    });
  });
}
