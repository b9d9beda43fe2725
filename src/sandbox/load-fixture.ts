import { readFile } from 'node:fs/promises';
import type { z } from 'zod';
import { fixtureSchema, type Fixture } from './fixture-schema';
import type { ObjectType } from './object-types';
import type { PropertyCreate } from './property-schemas';
import type { SandboxStore } from './store';

export class FixtureError extends Error {}

function issuePath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, part) => (typeof part === 'number' ? `${text}[${part}]` : `${text}${text ? '.' : ''}${String(part)}`), '');
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
  if (!parsed.success) throw new FixtureError(`${path} does not fit the fixture schema:\n${describeFixtureIssues(parsed.error)}`);
  return parsed.data;
}

// A fixture may carry the app's own properties (cs_*); they are defined from the values they hold.
function inferDefinition(type: ObjectType, name: string, values: readonly string[]): PropertyCreate {
  const base = { name, label: name, groupName: type === 'companies' ? 'companyinformation' : 'dealinformation', description: '',
    options: [], displayOrder: -1, hasUniqueValue: false, hidden: false, formField: false, externalOptions: false };
  if (values.length > 0 && values.every((value) => value.trim() !== '' && Number.isFinite(Number(value)))) {
    return { ...base, type: 'number', fieldType: 'number' };
  }
  if (values.length > 0 && values.every((value) => /^\d{4}-\d{2}-\d{2}$/.test(value))) return { ...base, type: 'date', fieldType: 'date' };
  if (values.length > 0 && values.every((value) => /^\d{4}-\d{2}-\d{2}T/.test(value) && !Number.isNaN(Date.parse(value)))) {
    return { ...base, type: 'datetime', fieldType: 'date' };
  }
  return { ...base, type: 'string', fieldType: 'text' };
}

function defineMissingProperties(store: SandboxStore, type: ObjectType, records: readonly { properties: Record<string, string | null> }[]): void {
  const valuesByName = new Map<string, string[]>();
  for (const record of records) {
    for (const [name, value] of Object.entries(record.properties)) {
      const values = valuesByName.get(name) ?? [];
      if (value !== null && value !== '') values.push(value);
      valuesByName.set(name, values);
    }
  }
  for (const [name, values] of valuesByName) {
    if (!store.properties.get(type, name)) store.properties.create(type, inferDefinition(type, name, values));
  }
}

function loadRecords(store: SandboxStore, type: ObjectType, records: Fixture['companies'], label: string): void {
  defineMissingProperties(store, type, records);
  records.forEach((record, index) => {
    if (store.objects.get(type, record.id)) throw new FixtureError(`${label}[${index}].id: ${record.id} is used twice`);
    store.objects.create(type, record.properties, {
      trusted: true, id: record.id, createdAt: record.createdAt, updatedAt: record.updatedAt ?? record.createdAt,
    });
  });
}

/** Puts a validated fixture into the store: owners, pipelines, companies, then deals with their companies. */
export function loadFixture(store: SandboxStore, fixture: Fixture): void {
  store.portal = { ...fixture.portal };
  for (const owner of fixture.owners) store.addOwner(owner);
  for (const pipeline of fixture.pipelines) store.putDealPipeline(pipeline);
  loadRecords(store, 'companies', fixture.companies, 'companies');
  loadRecords(store, 'deals', fixture.deals, 'deals');
  fixture.deals.forEach((deal, dealIndex) => {
    deal.companyIds.forEach((companyId, companyIndex) => {
      if (!store.objects.get('companies', companyId)) {
        throw new FixtureError(`deals[${dealIndex}].companyIds[${companyIndex}]: no company with id ${companyId} in the fixture`);
      }
      // The first company is the deal's primary company (type 5); the others are unlabeled (341).
      store.associations.add('deals', deal.id, companyId, companyIndex === 0 ? 5 : 341);
    });
  });
}
