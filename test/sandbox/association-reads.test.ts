import { describe, expect, it } from 'vitest';
import { failure, fixture, startHarness } from './sandbox-harness';

const seed = fixture({
  companies: [
    { id: '1', properties: { name: 'Acme' } },
    { id: '2', properties: { name: 'Globex' } },
  ],
  deals: [
    { id: '50', properties: { dealname: 'Two companies' }, companyIds: ['1', '2'] },
    { id: '51', properties: { dealname: 'Lonely' }, companyIds: [] },
  ],
});

// The official client's typed calls (v13) for association reads, against the sandbox, in HubSpot's shapes.
describe('association reads through the official client', () => {
  it('lists the association labels between two object types (v4 definitions)', async () => {
    const { client } = await startHarness({ fixture: seed });
    const dealToCompany = await client.crm.associations.v4.schema.definitionsApi.getAll('deals', 'companies');
    expect(dealToCompany.results).toEqual([
      expect.objectContaining({ category: 'HUBSPOT_DEFINED', typeId: 5, label: 'Primary' }),
      expect.objectContaining({ category: 'HUBSPOT_DEFINED', typeId: 341, label: null }),
    ]);
    const companyToDeal = await client.crm.associations.v4.schema.definitionsApi.getAll('0-2', '0-3');
    expect(companyToDeal.results.map((type) => type.typeId)).toEqual([6, 342]);
    expect((await failure(client.crm.associations.v4.schema.definitionsApi.getAll('deals', 'nothing'))).code).toBe(400);
  });

  it('lists the v3 association types between two object types by their v3 names', async () => {
    const { client } = await startHarness({ fixture: seed });
    const listed = await client.crm.associations.schema.typesApi.getAll('deals', 'companies');
    expect(listed.results).toEqual([
      expect.objectContaining({ id: '5', name: 'deal_to_company' }),
      expect.objectContaining({ id: '341', name: 'deal_to_company_unlabeled' }),
    ]);
  });

  it('batch reads v3 associations, one entry per record and type, and reports records with none', async () => {
    const { client } = await startHarness({ fixture: seed });
    const read = await client.crm.associations.batchApi.read('deals', 'companies', {
      inputs: [{ id: '50' }, { id: '51' }],
    });
    expect(read.status).toBe('COMPLETE');
    expect(read.results).toEqual([
      expect.objectContaining({
        _from: expect.objectContaining({ id: '50' }),
        to: [
          expect.objectContaining({ id: '1', type: 'deal_to_company' }),
          expect.objectContaining({ id: '1', type: 'deal_to_company_unlabeled' }),
          expect.objectContaining({ id: '2', type: 'deal_to_company_unlabeled' }),
        ],
      }),
    ]);
    expect('errors' in read ? read.errors : []).toEqual([
      expect.objectContaining({ category: 'OBJECT_NOT_FOUND', subCategory: 'crm.associations.NO_ASSOCIATIONS_FOUND' }),
    ]);
    const back = await client.crm.associations.batchApi.read('companies', 'deals', { inputs: [{ id: '2' }] });
    expect(back.results[0]?.to).toEqual([expect.objectContaining({ id: '50', type: 'company_to_deal_unlabeled' })]);
  });

  it("lists one record's v3 associations, paged, and the deals page inlines them", async () => {
    const { client } = await startHarness({ fixture: seed });
    const listed = await client.apiRequest({ method: 'GET', path: '/crm/v3/objects/deals/50/associations/companies' });
    expect(listed.status).toBe(200);
    expect(await listed.json()).toEqual({
      results: [
        { id: '1', type: 'deal_to_company' },
        { id: '1', type: 'deal_to_company_unlabeled' },
        { id: '2', type: 'deal_to_company_unlabeled' },
      ],
    });
    // Paged by associated record: company 1's two association types stay on one page.
    const firstPage = await (
      await client.apiRequest({
        method: 'GET',
        path: '/crm/v3/objects/deals/50/associations/companies',
        qs: { limit: 1 },
      })
    ).json();
    expect(firstPage.results).toEqual([
      { id: '1', type: 'deal_to_company' },
      { id: '1', type: 'deal_to_company_unlabeled' },
    ]);
    expect(firstPage.paging.next.after).toEqual(expect.any(String));
    const secondPage = await (
      await client.apiRequest({
        method: 'GET',
        path: '/crm/v3/objects/deals/50/associations/companies',
        qs: { limit: 1, after: firstPage.paging.next.after },
      })
    ).json();
    expect(secondPage).toEqual({ results: [{ id: '2', type: 'deal_to_company_unlabeled' }] });
    const none = await (
      await client.apiRequest({ method: 'GET', path: '/crm/v3/objects/deals/51/associations/companies' })
    ).json();
    expect(none).toEqual({ results: [] });

    const page = await client.crm.deals.basicApi.getPage(10, undefined, ['dealname'], undefined, ['companies']);
    const deal = page.results.find((result) => result.id === '50');
    expect(deal?.associations?.companies?.results.map((association) => [association.id, association.type])).toEqual([
      ['1', 'deal_to_company'],
      ['1', 'deal_to_company_unlabeled'],
      ['2', 'deal_to_company_unlabeled'],
    ]);
  });
});
