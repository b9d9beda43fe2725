import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AssociationSpecAssociationCategoryEnum, FilterOperatorEnum } from '@hubspot/api-client/lib/codegen/crm/deals';
import { describe, expect, it } from 'vitest';
import { loadFixtureFile } from '../../src/sandbox/load-fixture';
import { createSandbox } from '../../src/sandbox/server';
import type { StoreChange } from '../../src/sandbox/store-events';
import { fixture, startHarness } from './sandbox-harness';

async function writeFixture(content: unknown): Promise<string> {
  const directory = await mkdtemp(join(tmpdir(), 'sandbox-fixture-'));
  const path = join(directory, 'fixture.json');
  await writeFile(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

describe('fixture files', () => {
  it('loads a valid fixture file', async () => {
    const path = await writeFixture({ portal: { id: 1 }, companies: [{ id: 5, properties: { name: 'Acme' } }] });
    const loaded = await loadFixtureFile(path);
    expect(loaded.companies[0]).toMatchObject({ id: '5', properties: { name: 'Acme' } });
    expect(loaded.portal.timeZone).toBe('UTC');
  });

  it.each([
    { content: { portal: { id: 1 }, companies: [{ id: '5', properties: { name: 7 } }] }, field: 'companies[0].properties.name' },
    { content: { portal: { id: 1 }, owners: [{ id: '1', email: 'not-an-email' }] }, field: 'owners[0].email' },
    { content: { portal: {} }, field: 'portal.id' },
  ])('names the bad field $field', async ({ content, field }) => {
    await expect(loadFixtureFile(await writeFixture(content))).rejects.toThrow(field);
  });

  it('reports a file that is not JSON', async () => {
    await expect(loadFixtureFile(await writeFixture('{ nope'))).rejects.toThrow('is not valid JSON');
  });

  it('refuses a deal that names a company the fixture lacks', () => {
    expect(() => createSandbox({ fixture: fixture({ deals: [{ id: '1', properties: {}, companyIds: ['99'] }] }) })).toThrow('deals[0].companyIds[0]');
  });

  it('defines the app properties a fixture carries, typed from their values', async () => {
    const { client } = await startHarness({
      fixture: fixture({ deals: [{ id: '1', properties: { dealname: 'A', cs_mrr: '1500', cs_contract_start: '2024-01-01', cs_product: 'core' } }] }),
    });
    const types = Object.fromEntries((await client.crm.properties.coreApi.getAll('deals')).results.map((property) => [property.name, property.type]));
    expect(types).toMatchObject({ cs_mrr: 'number', cs_contract_start: 'date', cs_product: 'string' });
    const found = await client.crm.deals.searchApi.doSearch({
      filterGroups: [{ filters: [{ propertyName: 'cs_mrr', operator: FilterOperatorEnum.Gte, value: '1000' }] }], sorts: [], properties: ['cs_mrr'], limit: 10, after: '0',
    });
    expect(found.results.map((deal) => deal.properties.cs_mrr)).toEqual(['1500']);
  });
});

describe('store change events', () => {
  it('emits created, updated, associated and archived changes for webhook delivery', async () => {
    const { client, sandbox } = await startHarness({ fixture: fixture({ companies: [{ id: '1', properties: { name: 'Acme' } }] }) });
    const changes: StoreChange[] = [];
    const unsubscribe = sandbox.store.events.onChange((change) => changes.push(change));
    const deal = await client.crm.deals.basicApi.create({
      properties: { dealname: 'New' },
      associations: [{ to: { id: '1' }, types: [{ associationCategory: AssociationSpecAssociationCategoryEnum.HubspotDefined, associationTypeId: 5 }] }],
    });
    await client.crm.deals.basicApi.update(deal.id, { properties: { amount: '10' } });
    await client.crm.deals.basicApi.archive(deal.id);
    unsubscribe();
    expect(changes.map((change) => change.kind)).toEqual(['created', 'associated', 'updated', 'archived']);
    expect(changes[2]).toMatchObject({ objectType: 'deals', objectId: deal.id, changes: { amount: { previous: null, current: '10' } } });
  });
});
