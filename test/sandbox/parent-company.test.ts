import { AssociationSpecAssociationCategoryEnum } from '@hubspot/api-client/lib/codegen/crm/associations/v4';
import type { Client } from '@hubspot/api-client';
import { describe, expect, it } from 'vitest';
import { companies, failure, fixture, startHarness } from './sandbox-harness';
import { hubSpotId } from '../../src/hubspot/hubspot-id';
import { present } from '../support/present';

const hubSpotDefined = AssociationSpecAssociationCategoryEnum.HubspotDefined;

async function parentOf(client: Client, companyId: string): Promise<string | null | undefined> {
  const company = await client.crm.companies.basicApi.getById(companyId, ['hs_parent_company_id']);
  return company.properties.hs_parent_company_id;
}

describe("the sandbox keeps a company's parent as HubSpot does", () => {
  it('sets hs_parent_company_id from a child-to-parent association and replaces an older parent', async () => {
    const { client } = await startHarness({ fixture: fixture({ companies: companies(3) }) });
    await client.crm.associations.v4.basicApi.create('companies', '2', 'companies', '1', [
      { associationCategory: hubSpotDefined, associationTypeId: 14 },
    ]);
    expect(await parentOf(client, '2')).toBe('1');
    // The parent-to-child type from another company moves the child: a company has one parent.
    await client.crm.associations.v4.basicApi.create('companies', '3', 'companies', '2', [
      { associationCategory: hubSpotDefined, associationTypeId: 13 },
    ]);
    expect(await parentOf(client, '2')).toBe('3');
    const children = await client.crm.associations.v4.basicApi.getPage('companies', '1', 'companies');
    expect(children.results).toEqual([]);
    const parent = await client.crm.associations.v4.basicApi.getPage('companies', '2', 'companies');
    expect(parent.results.map((each) => [hubSpotId(each.toObjectId), each.associationTypes[0]?.label])).toEqual([
      ['3', 'Parent Company'],
    ]);
  });

  it('clears the parent when the association is removed, and refuses a write of the read-only property', async () => {
    const { client } = await startHarness({ fixture: fixture({ companies: companies(2) }) });
    await client.crm.associations.v4.basicApi.create('companies', '2', 'companies', '1', [
      { associationCategory: hubSpotDefined, associationTypeId: 14 },
    ]);
    await client.crm.associations.v4.basicApi.archive('companies', '2', 'companies', '1');
    expect(await parentOf(client, '2')).toBeNull();
    const write = await failure(
      client.crm.companies.basicApi.update('2', { properties: { hs_parent_company_id: '1' } }),
    );
    expect(write.code).toBe(400);
    const self = await failure(
      client.crm.associations.v4.basicApi.create('companies', '1', 'companies', '1', [
        { associationCategory: hubSpotDefined, associationTypeId: 14 },
      ]),
    );
    expect(self.code).toBe(400);
  });

  it("holds a fixture's parent property as the association", async () => {
    const [parent, child] = companies(2).map((company, index) => ({
      ...company,
      properties: { ...company.properties, hs_parent_company_id: index === 1 ? '1' : null },
    }));
    const { client } = await startHarness({
      fixture: fixture({ companies: [present(parent, 'parent'), present(child, 'child')] }),
    });
    const children = await client.crm.associations.v4.basicApi.getPage('companies', '1', 'companies');
    expect(children.results.map((each) => [hubSpotId(each.toObjectId), each.associationTypes[0]?.typeId])).toEqual([
      ['2', 13],
    ]);
    expect(await parentOf(client, '2')).toBe('1');
  });
});
