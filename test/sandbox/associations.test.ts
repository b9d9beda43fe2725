import { AssociationSpecAssociationCategoryEnum } from '@hubspot/api-client/lib/codegen/crm/associations/v4';
import { describe, expect, it } from 'vitest';
import { fixture, startHarness } from './sandbox-harness';

const seed = fixture({
  companies: [
    { id: '1', properties: { name: 'Acme' } },
    { id: '2', properties: { name: 'Globex' } },
  ],
  deals: [
    { id: '50', properties: { dealname: 'Deal' }, companyIds: ['1'] },
    { id: '51', properties: { dealname: 'Lonely' }, companyIds: [] },
  ],
});
const primary = { associationCategory: AssociationSpecAssociationCategoryEnum.HubspotDefined, associationTypeId: 5 };

describe('associations v4 through the official client', () => {
  it("lists a deal's companies with type ids and labels", async () => {
    const { client } = await startHarness({ fixture: seed });
    const page = await client.crm.associations.v4.basicApi.getPage('deals', '50', 'companies');
    expect(page.results).toEqual([
      expect.objectContaining({
        toObjectId: 1,
        associationTypes: [
          expect.objectContaining({ category: 'HUBSPOT_DEFINED', typeId: 5, label: 'Primary' }),
          expect.objectContaining({ category: 'HUBSPOT_DEFINED', typeId: 341, label: null }),
        ],
      }),
    ]);
  });

  it('creates a default association in both directions', async () => {
    const { client } = await startHarness({ fixture: seed });
    const created = await client.crm.associations.v4.basicApi.createDefault('deals', '51', 'companies', '2');
    expect(created.status).toBe('COMPLETE');
    expect(created.results.map((result) => result.associationSpec.associationTypeId).sort()).toEqual([341, 342]);
    const back = await client.crm.associations.v4.basicApi.getPage('companies', '2', 'deals');
    expect(
      back.results.map((result) => [result.toObjectId, result.associationTypes.map((type) => type.typeId)]),
    ).toEqual([[51, [342]]]);
  });

  it('moves the primary company when another one is labelled primary', async () => {
    const { client } = await startHarness({ fixture: seed });
    const labels = await client.crm.associations.v4.basicApi.create('deals', '50', 'companies', '2', [primary]);
    expect(labels).toMatchObject({ fromObjectTypeId: '0-3', toObjectTypeId: '0-2', labels: ['Primary'] });
    const page = await client.crm.associations.v4.basicApi.getPage('deals', '50', 'companies');
    expect(
      page.results.map((result) => [result.toObjectId, result.associationTypes.map((type) => type.typeId)]),
    ).toEqual([
      [1, [341]],
      [2, [5, 341]],
    ]);
    await client.crm.associations.v4.basicApi.archive('deals', '50', 'companies', '1');
    const after = await client.crm.associations.v4.basicApi.getPage('companies', '1', 'deals');
    expect(after.results).toEqual([]);
  });

  it('reads, creates, associates and archives in batches', async () => {
    const { client } = await startHarness({ fixture: seed });
    const read = await client.crm.associations.v4.batchApi.getPage('deals', 'companies', {
      inputs: [{ id: '50' }, { id: '51' }],
    });
    expect(read.results).toEqual([expect.objectContaining({ _from: { id: '50' } })]);
    expect('errors' in read ? read.errors : []).toEqual([
      expect.objectContaining({
        category: 'OBJECT_NOT_FOUND',
        context: expect.objectContaining({ fromObjectId: ['51'] }),
      }),
    ]);

    const created = await client.crm.associations.v4.batchApi.create('deals', 'companies', {
      inputs: [{ _from: { id: '51' }, to: { id: '1' }, types: [primary] }],
    });
    expect(created.results).toEqual([
      expect.objectContaining({ fromObjectId: 51, toObjectId: 1, labels: ['Primary'] }),
    ]);

    const associated = await client.crm.associations.v4.batchApi.createDefault('deals', 'companies', {
      inputs: [{ _from: { id: '51' }, to: { id: '2' } }],
    });
    expect(associated.results).toHaveLength(2);

    await client.crm.associations.v4.batchApi.archive('deals', 'companies', {
      inputs: [{ _from: { id: '51' }, to: [{ id: '1' }, { id: '2' }] }],
    });
    const emptied = await client.crm.associations.v4.basicApi.getPage('deals', '51', 'companies');
    expect(emptied.results).toEqual([]);
  });
});
