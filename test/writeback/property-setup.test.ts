import { PropertyCreateFieldTypeEnum, PropertyCreateTypeEnum } from '@hubspot/api-client/lib/codegen/crm/properties';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/config/logger';
import { createHubSpotClient } from '../../src/hubspot/client';
import { ensureCustomerSuccessProperties } from '../../src/hubspot/properties/ensure-properties';
import { inputProperties, productPropertyNames } from '../../src/hubspot/properties/product-properties';
import { checkProductProperties } from '../../src/hubspot/properties/check-properties';
import { generateDemoPortfolio } from '../../src/sandbox/demo/generate-demo-portfolio';
import type { Fixture } from '../../src/sandbox/fixture-schema';
import { createSandbox } from '../../src/sandbox/server';

const logger = createLogger('silent');

async function start(fixture?: Fixture) {
  const sandbox = createSandbox({ rateLimit: false, ...(fixture ? { fixture } : {}) });
  const server = await sandbox.start(0);
  return {
    sandbox,
    server,
    client: createHubSpotClient({ accessToken: 't', baseUrl: server.url, requestsPer10Seconds: 10_000 }),
  };
}

const unchanged = { groupCreated: false, created: [], updated: [], conflicting: [] };

describe('Customer Success properties', () => {
  it('creates the groups and the typed company and deal properties once; a second run only reads', async () => {
    const { sandbox, server, client } = await start();
    try {
      const first = await ensureCustomerSuccessProperties(client, logger);
      expect(first).toEqual({
        companies: { groupCreated: true, created: productPropertyNames('companies'), updated: [], conflicting: [] },
        deals: { groupCreated: true, created: productPropertyNames('deals'), updated: [], conflicting: [] },
        drift: [],
      });
      expect(productPropertyNames('companies')).toEqual(
        expect.arrayContaining(['cs_health_score', 'cs_account_id', 'cs_tier']),
      );
      expect(productPropertyNames('deals')).toEqual([
        'cs_mrr',
        'cs_term_months',
        'cs_contract_start',
        'cs_contract_end',
        'cs_seats',
        'cs_product',
        'cs_deal_kind',
      ]);
      const group = await client.crm.properties.groupsApi.getByName('deals', 'customer_success');
      expect(group.label).toBe('Customer Success');
      const read = async (name: string) => client.crm.properties.coreApi.getByName('companies', name);
      expect(await read('cs_health_score')).toMatchObject({
        type: 'number',
        fieldType: 'number',
        groupName: 'customer_success',
      });
      expect((await read('cs_health_band')).options.map((option) => option.value)).toEqual(['red', 'yellow', 'green']);
      // A manager filtering a list reads the bands as the card says them.
      expect((await read('cs_health_band')).options.map((option) => option.label)).toEqual([
        'At risk (red)',
        'Needs attention (yellow)',
        'Healthy (green)',
      ]);
      expect((await read('cs_onboarding_stage')).options.map((option) => option.value)).toEqual([
        'introduction',
        'operation',
        'adoption',
        'established',
      ]);
      // Money shows as money in HubSpot (the portal's currency): the MRR on companies and deals, the upsell potential.
      expect(await read('cs_mrr')).toMatchObject({ type: 'number', showCurrencySymbol: true });
      expect(await read('cs_upsell_potential')).toMatchObject({ showCurrencySymbol: true });
      expect((await read('cs_health_score')).showCurrencySymbol).toBeUndefined();
      expect(await read('cs_renewal_date')).toMatchObject({ type: 'date', fieldType: 'date' });
      expect(await read('cs_last_computed_at')).toMatchObject({ type: 'datetime' });
      expect(await read('cs_csm')).toMatchObject({
        type: 'enumeration',
        referencedObjectType: 'OWNER',
        externalOptions: true,
      });
      const deal = async (name: string) => client.crm.properties.coreApi.getByName('deals', name);
      expect(await deal('cs_contract_start')).toMatchObject({ type: 'date', groupName: 'customer_success' });
      expect(await deal('cs_seats')).toMatchObject({ type: 'number' });
      expect(await deal('cs_mrr')).toMatchObject({ type: 'number', showCurrencySymbol: true });
      expect((await deal('cs_deal_kind')).options.map((option) => option.value)).toEqual([
        'new',
        'renewal',
        'upsell',
        'cross_sell',
        'downgrade',
      ]);

      sandbox.resetCalls();
      const second = await ensureCustomerSuccessProperties(client, logger);
      expect(second).toEqual({ companies: unchanged, deals: unchanged, drift: [] });
      expect(sandbox.calls().byRoute).toEqual({
        'GET /crm/v3/properties/companies': 1,
        'GET /crm/v3/properties/companies/groups': 1,
        'GET /crm/v3/properties/deals': 1,
        'GET /crm/v3/properties/deals/groups': 1,
      });
    } finally {
      await server.close();
    }
  });

  it('fixes a label or options changed by hand and reports a property of another type as drift, leaving it alone', async () => {
    const { server, client } = await start();
    try {
      await client.crm.properties.coreApi.create('companies', {
        name: 'cs_health_band',
        label: 'Band',
        type: PropertyCreateTypeEnum.String,
        fieldType: PropertyCreateFieldTypeEnum.Text,
        groupName: 'companyinformation',
      });
      await client.crm.properties.coreApi.create('deals', {
        name: 'cs_seats',
        label: 'Seats',
        type: PropertyCreateTypeEnum.String,
        fieldType: PropertyCreateFieldTypeEnum.Text,
        groupName: 'dealinformation',
      });
      await ensureCustomerSuccessProperties(client, logger);
      await client.crm.properties.coreApi.update('companies', 'cs_mrr', { label: 'Renamed' });
      await client.crm.properties.coreApi.update('deals', 'cs_deal_kind', {
        options: [{ label: 'New', value: 'new', displayOrder: 0, hidden: false }],
      });
      const again = await ensureCustomerSuccessProperties(client, logger);
      expect(again.companies).toEqual({
        groupCreated: false,
        created: [],
        updated: ['cs_mrr'],
        conflicting: ['cs_health_band'],
      });
      expect(again.deals).toEqual({
        groupCreated: false,
        created: [],
        updated: ['cs_deal_kind'],
        conflicting: ['cs_seats'],
      });
      expect(again.drift).toEqual([
        expect.objectContaining({
          objectType: 'companies',
          property: 'cs_health_band',
          expected: 'enumeration',
          found: 'string',
        }),
        expect.objectContaining({ objectType: 'deals', property: 'cs_seats', expected: 'number', found: 'string' }),
      ]);
      expect(again.drift[1]?.message).toContain('deals property cs_seats is string in HubSpot, the app needs number');
      expect((await client.crm.properties.coreApi.getByName('companies', 'cs_mrr')).label).toBe('CS MRR');
      expect((await client.crm.properties.coreApi.getByName('deals', 'cs_deal_kind')).options).toHaveLength(5);
      expect((await client.crm.properties.coreApi.getByName('deals', 'cs_seats')).type).toBe('string');
    } finally {
      await server.close();
    }
  });

  it("shows an existing plain-number MRR property as money: the app's earlier ones, or one made by hand", async () => {
    const { server, client } = await start();
    try {
      await client.crm.properties.groupsApi.create('deals', { name: 'customer_success', label: 'Customer Success' });
      await client.crm.properties.coreApi.create('deals', {
        name: 'cs_mrr',
        label: 'CS MRR',
        description: 'Monthly recurring revenue of this contract; when empty, amount / term (or amount / 12) is used.',
        type: PropertyCreateTypeEnum.Number,
        fieldType: PropertyCreateFieldTypeEnum.Number,
        groupName: 'customer_success',
      });
      expect((await client.crm.properties.coreApi.getByName('deals', 'cs_mrr')).showCurrencySymbol).toBeUndefined();
      expect((await checkProductProperties(client)).outdated).toEqual(['deals.cs_mrr']);
      const result = await ensureCustomerSuccessProperties(client, logger);
      expect(result.deals.updated).toEqual(['cs_mrr']);
      expect(await client.crm.properties.coreApi.getByName('deals', 'cs_mrr')).toMatchObject({
        type: 'number',
        showCurrencySymbol: true,
      });
      expect((await ensureCustomerSuccessProperties(client, logger)).deals.updated).toEqual([]);
    } finally {
      await server.close();
    }
  });

  it('check reads only: it lists what is missing, then the drift', async () => {
    const { sandbox, server, client } = await start();
    try {
      const before = await checkProductProperties(client);
      expect(before.missing).toEqual([
        ...productPropertyNames('companies').map((name) => `companies.${name}`),
        ...productPropertyNames('deals').map((name) => `deals.${name}`),
      ]);
      expect(Object.keys(sandbox.calls().byRoute)).toEqual([
        'GET /crm/v3/properties/companies',
        'GET /crm/v3/properties/deals',
      ]);
      await client.crm.properties.coreApi.create('deals', {
        name: 'cs_contract_end',
        label: 'End',
        type: PropertyCreateTypeEnum.String,
        fieldType: PropertyCreateFieldTypeEnum.Text,
        groupName: 'dealinformation',
      });
      await ensureCustomerSuccessProperties(client, logger);
      // Renamed by hand: the next start names it back, which check reports without doing it.
      await client.crm.properties.coreApi.update('companies', 'cs_mrr', { label: 'Renamed' });
      expect(await checkProductProperties(client)).toEqual({
        missing: [],
        outdated: ['companies.cs_mrr'],
        drift: [
          expect.objectContaining({
            objectType: 'deals',
            property: 'cs_contract_end',
            expected: 'date',
            found: 'string',
          }),
        ],
      });
    } finally {
      await server.close();
    }
  });

  it("finds the demo portal's own cs_* properties in the shape it needs: no drift, only the write-back ones created", async () => {
    const { server, client } = await start(generateDemoPortfolio({ companies: 5 }));
    try {
      const result = await ensureCustomerSuccessProperties(client, logger);
      expect(result.drift).toEqual([]);
      expect(result.deals.created).toEqual([]);
      expect(result.companies.created).toEqual(
        productPropertyNames('companies').filter(
          (name) => !inputProperties.companies.some((input) => input.name === name),
        ),
      );
    } finally {
      await server.close();
    }
  });
});
