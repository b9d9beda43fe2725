import { describe, expect, it } from 'vitest';
import { companies, failure, fixture, startHarness } from './sandbox-harness';
import { readAssociationsBatch } from '../../src/hubspot/associations/association-batch-read';
import { hubSpotId } from '../../src/hubspot/hubspot-id';

describe('opaque, stable paging cursors', () => {
  it('lists every live record once when records are archived and created between pages', async () => {
    const { client, sandbox } = await startHarness({ fixture: fixture({ companies: companies(30) }) });
    const first = await client.crm.companies.basicApi.getPage(10);
    const after = first.paging?.next?.after ?? '';
    expect(after).not.toMatch(/^[0-9]+$/);
    // Archived records already read and not yet read, and a new one: none shifts the rest of the listing.
    sandbox.store.objects.archive('companies', '3');
    sandbox.store.objects.archive('companies', '15');
    const created = sandbox.store.objects.create('companies', { name: 'Created mid-listing' });
    const seen = first.results.map((company) => company.id);
    let cursor: string | undefined = after;
    while (cursor) {
      const page = await client.crm.companies.basicApi.getPage(10, cursor);
      seen.push(...page.results.map((company) => company.id));
      cursor = page.paging?.next?.after;
    }
    const live = sandbox.store.objects.list('companies').map((company) => company.id);
    expect(seen.filter((id) => id !== '3')).toEqual(live);
    expect(seen).toContain(created.id);
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('refuses a cursor it did not make, and keeps the query in the next link', async () => {
    const { client, url } = await startHarness({ fixture: fixture({ companies: companies(5) }) });
    expect((await failure(client.crm.companies.basicApi.getPage(2, '2'))).code).toBe(400);
    const response = await fetch(`${url}/crm/v3/objects/companies?limit=2&properties=name`, {
      headers: { authorization: 'Bearer t' },
    });
    const body: { paging: { next: { after: string; link: string } } } = await response.json();
    const link = new URL(body.paging.next.link);
    expect([
      link.searchParams.get('limit'),
      link.searchParams.get('properties'),
      link.searchParams.get('after'),
    ]).toEqual(['2', 'name', body.paging.next.after]);
    const followed = await fetch(link, { headers: { authorization: 'Bearer t' } });
    expect(((await followed.json()) as { results: { id: string }[] }).results.map((result) => result.id)).toEqual([
      '3',
      '4',
    ]);
  });

  it('pages each input of a v4 batch association read on its own after', async () => {
    const many = companies(520);
    const { client } = await startHarness({
      fixture: fixture({
        companies: many,
        deals: [
          { id: '900', properties: { dealname: 'Wide' }, companyIds: many.map((company) => company.id) },
          { id: '901', properties: { dealname: 'Narrow' }, companyIds: ['7'] },
        ],
      }),
    });
    const first = await client.crm.associations.v4.batchApi.getPage('deals', 'companies', {
      inputs: [{ id: '900' }, { id: '901' }],
    });
    const wide = first.results.find((result) => result._from.id === '900');
    expect(wide?.to).toHaveLength(500);
    expect(first.results.find((result) => result._from.id === '901')?.paging).toBeUndefined();
    const after = wide?.paging?.next?.after ?? '';
    const second = await client.crm.associations.v4.batchApi.getPage('deals', 'companies', {
      inputs: [{ id: '900', after }],
    });
    expect(second.results[0]?.to.map((target) => hubSpotId(target.toObjectId))).toEqual(
      many.slice(500).map((company) => company.id),
    );
    expect(second.results[0]?.paging).toBeUndefined();
  });

  it('pages the date-based (2026-03) batch association read alike, as the product reads it', async () => {
    const many = companies(520);
    const { client } = await startHarness({
      fixture: fixture({
        companies: [...many, { id: '9000', properties: { name: 'No deals' } }],
        deals: [
          { id: '900', properties: { dealname: 'Wide' }, companyIds: many.map((company) => company.id) },
          { id: '901', properties: { dealname: 'Narrow' }, companyIds: ['7'] },
        ],
      }),
    });
    const first = await readAssociationsBatch(client, 'deals', 'companies', [{ id: '900' }, { id: '901' }]);
    const wide = first.find((result) => result.from.id === '900');
    expect(wide?.to).toHaveLength(500);
    expect(first.find((result) => result.from.id === '901')?.to.map((target) => target.toObjectId)).toEqual(['7']);
    const second = await readAssociationsBatch(client, 'deals', 'companies', [
      { id: '900', after: wide?.paging?.next?.after ?? '' },
    ]);
    expect(second[0]?.to.map((target) => target.toObjectId)).toEqual(many.slice(500).map((company) => company.id));
    expect(second[0]?.paging).toBeUndefined();
    // A record without associations is one of a 207 answer's errors, not a result.
    expect(await readAssociationsBatch(client, 'companies', 'deals', [{ id: '9000' }])).toEqual([]);
    await expect(readAssociationsBatch(client, 'deals', 'widgets', [{ id: '900' }], { retries: 0 })).rejects.toThrow(
      /HubSpot answered 400/,
    );
  });

  it("refuses page sizes over each endpoint's maximum", async () => {
    const { client } = await startHarness({ fixture: fixture({ companies: companies(1) }) });
    expect(
      (await failure(client.crm.associations.v4.basicApi.getPage('companies', '1', 'deals', undefined, 501))).code,
    ).toBe(400);
    expect((await failure(client.crm.owners.ownersApi.getPage(undefined, undefined, 501))).code).toBe(400);
    expect(
      (
        await failure(
          client.crm.companies.searchApi.doSearch({
            filterGroups: [],
            sorts: [],
            properties: [],
            limit: 201,
            after: '0',
          }),
        )
      ).code,
    ).toBe(400);
  });
});
