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
    {
      content: { portal: { id: 1 }, companies: [{ id: '5', properties: { name: 7 } }] },
      field: 'companies[0].properties.name',
    },
    { content: { portal: { id: 1 }, owners: [{ id: '1', email: 'not-an-email' }] }, field: 'owners[0].email' },
    { content: { portal: {} }, field: 'portal.id' },
  ])('names the bad field $field', async ({ content, field }) => {
    await expect(loadFixtureFile(await writeFixture(content))).rejects.toThrow(field);
  });

  it('reports a file that is not JSON', async () => {
    await expect(loadFixtureFile(await writeFixture('{ nope'))).rejects.toThrow('is not valid JSON');
  });

  it('refuses a deal that names a company the fixture lacks', () => {
    expect(() =>
      createSandbox({ fixture: fixture({ deals: [{ id: '1', properties: {}, companyIds: ['99'] }] }) }),
    ).toThrow('deals[0].companyIds[0]');
  });

  it('defines the custom properties a fixture declares, typed as declared, and searches them', async () => {
    const { client } = await startHarness({
      fixture: fixture({
        properties: {
          deals: [
            { name: 'cs_mrr', type: 'number' },
            { name: 'cs_contract_start', type: 'date' },
            { name: 'cs_product', type: 'string', groupName: 'customer_success' },
            { name: 'cs_deal_kind', type: 'enumeration', options: ['new', { value: 'upsell', label: 'Upsell' }] },
          ],
        },
        deals: [
          {
            id: '1',
            properties: {
              dealname: 'A',
              cs_mrr: '1500',
              cs_contract_start: '2024-01-01',
              cs_product: 'core',
              cs_deal_kind: 'new',
            },
          },
        ],
      }),
    });
    const definitions = (await client.crm.properties.coreApi.getAll('deals')).results;
    const types = Object.fromEntries(definitions.map((property) => [property.name, property.type]));
    expect(types).toMatchObject({
      cs_mrr: 'number',
      cs_contract_start: 'date',
      cs_product: 'string',
      cs_deal_kind: 'enumeration',
    });
    expect(
      definitions.find((property) => property.name === 'cs_deal_kind')?.options.map((option) => option.label),
    ).toEqual(['new', 'Upsell']);
    expect(definitions.find((property) => property.name === 'cs_product')?.groupName).toBe('customer_success');
    const found = await client.crm.deals.searchApi.doSearch({
      filterGroups: [{ filters: [{ propertyName: 'cs_mrr', operator: FilterOperatorEnum.Gte, value: '1000' }] }],
      sorts: [],
      properties: ['cs_mrr'],
      limit: 10,
      after: '0',
    });
    expect(found.results.map((deal) => deal.properties.cs_mrr)).toEqual(['1500']);
  });

  it('refuses a record that uses an undeclared property, naming the record and the property', () => {
    const undeclared = fixture({
      companies: [
        { id: '1', properties: { name: 'A' } },
        { id: '2', properties: { name: 'B', cs_tier: 'smb' } },
      ],
    });
    expect(() => createSandbox({ fixture: undeclared })).toThrow(
      'companies[1].properties.cs_tier: no companies property cs_tier; declare it under properties.companies',
    );
  });

  it('refuses a declaration of a HubSpot property and a value outside a declared enumeration', () => {
    expect(() =>
      createSandbox({ fixture: fixture({ properties: { companies: [{ name: 'industry', type: 'string' }] } }) }),
    ).toThrow('properties.companies[0].name: industry is already a companies property');
    const badOption = fixture({
      properties: { deals: [{ name: 'cs_deal_kind', type: 'enumeration', options: ['new'] }] },
      deals: [{ id: '1', properties: { dealname: 'A', cs_deal_kind: 'renewal' } }],
    });
    expect(() => createSandbox({ fixture: badOption })).toThrow('deals[0].properties: Property values were not valid');
  });

  it('adds the options a portal gave a HubSpot enumeration (a "Renewal" deal type), and only to such a property', async () => {
    const renewalType = { dealtype: [{ value: 'Renewal', label: 'Renewal' }] };
    const { client } = await startHarness({
      fixture: fixture({
        addedOptions: { deals: renewalType },
        deals: [{ id: '1', properties: { dealname: 'A', dealtype: 'Renewal' } }],
      }),
    });
    const dealType = await client.crm.properties.coreApi.getByName('deals', 'dealtype');
    expect(dealType.options.map((option) => option.value)).toEqual(['newbusiness', 'existingbusiness', 'Renewal']);
    expect((await client.crm.deals.basicApi.getById('1', ['dealtype'])).properties.dealtype).toBe('Renewal');
    const withoutOption = fixture({ deals: [{ id: '1', properties: { dealname: 'A', dealtype: 'Renewal' } }] });
    expect(() => createSandbox({ fixture: withoutOption })).toThrow('was not one of the allowed options');
    expect(() =>
      createSandbox({ fixture: fixture({ addedOptions: { deals: { dealname: renewalType.dealtype } } }) }),
    ).toThrow("addedOptions.deals.dealname: not one of HubSpot's own deals properties with options");
    const twice = fixture({ addedOptions: { deals: { dealtype: [{ value: 'newbusiness', label: 'New' }] } } });
    expect(() => createSandbox({ fixture: twice })).toThrow('addedOptions.deals.dealtype[0].value');
  });
});

describe('store change events', () => {
  it('emits created, updated, associated and archived changes for webhook delivery', async () => {
    const { client, sandbox } = await startHarness({
      fixture: fixture({ companies: [{ id: '1', properties: { name: 'Acme' } }] }),
    });
    const changes: StoreChange[] = [];
    const unsubscribe = sandbox.store.events.onChange((change) => changes.push(change));
    const deal = await client.crm.deals.basicApi.create({
      properties: { dealname: 'New' },
      associations: [
        {
          to: { id: '1' },
          types: [{ associationCategory: AssociationSpecAssociationCategoryEnum.HubspotDefined, associationTypeId: 5 }],
        },
      ],
    });
    await client.crm.deals.basicApi.update(deal.id, { properties: { amount: '10' } });
    await client.crm.deals.basicApi.archive(deal.id);
    unsubscribe();
    expect(changes.map((change) => change.kind)).toEqual(['created', 'associated', 'updated', 'archived']);
    expect(changes[2]).toMatchObject({
      objectType: 'deals',
      objectId: deal.id,
      changes: { amount: { previous: null, current: '10' } },
    });
  });
});
