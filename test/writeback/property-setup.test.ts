import { PropertyCreateFieldTypeEnum, PropertyCreateTypeEnum } from '@hubspot/api-client/lib/codegen/crm/properties';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/config/logger';
import { createHubSpotClient } from '../../src/hubspot/client';
import { ensureCustomerSuccessProperties } from '../../src/hubspot/writeback/ensure-properties';
import { writeBackPropertyNames } from '../../src/hubspot/writeback/property-definitions';
import { createSandbox } from '../../src/sandbox/server';

const logger = createLogger('silent');

async function start() {
  const sandbox = createSandbox({ rateLimit: false });
  const server = await sandbox.start(0);
  return { sandbox, server, client: createHubSpotClient({ accessToken: 't', baseUrl: server.url, requestsPer10Seconds: 10_000 }) };
}

describe('Customer Success company properties', () => {
  it('creates the group and the typed properties once; a second run only reads', async () => {
    const { sandbox, server, client } = await start();
    try {
      const first = await ensureCustomerSuccessProperties(client, logger);
      expect(first).toEqual({ groupCreated: true, created: writeBackPropertyNames, updated: [], conflicting: [] });
      const group = await client.crm.properties.groupsApi.getByName('companies', 'customer_success');
      expect(group.label).toBe('Customer Success');
      const read = async (name: string) => client.crm.properties.coreApi.getByName('companies', name);
      expect(await read('cs_health_score')).toMatchObject({ type: 'number', fieldType: 'number', groupName: 'customer_success' });
      expect((await read('cs_health_band')).options.map((option) => option.value)).toEqual(['red', 'yellow', 'green']);
      expect((await read('cs_onboarding_stage')).options.map((option) => option.value)).toEqual(['introduction', 'operation', 'adoption', 'established']);
      expect(await read('cs_renewal_date')).toMatchObject({ type: 'date', fieldType: 'date' });
      expect(await read('cs_last_computed_at')).toMatchObject({ type: 'datetime' });
      expect(await read('cs_csm')).toMatchObject({ type: 'enumeration', referencedObjectType: 'OWNER', externalOptions: true });

      sandbox.resetCalls();
      const second = await ensureCustomerSuccessProperties(client, logger);
      expect(second).toEqual({ groupCreated: false, created: [], updated: [], conflicting: [] });
      expect(sandbox.calls().byRoute).toEqual({ 'GET /crm/v3/properties/companies': 1, 'GET /crm/v3/properties/companies/groups': 1 });
    } finally {
      await server.close();
    }
  });

  it('fixes a label changed by hand and leaves a property of another type alone', async () => {
    const { server, client } = await start();
    try {
      await client.crm.properties.coreApi.create('companies', {
        name: 'cs_health_band', label: 'Band', type: PropertyCreateTypeEnum.String, fieldType: PropertyCreateFieldTypeEnum.Text, groupName: 'companyinformation',
      });
      await ensureCustomerSuccessProperties(client, logger);
      await client.crm.properties.coreApi.update('companies', 'cs_mrr', { label: 'Renamed' });
      const again = await ensureCustomerSuccessProperties(client, logger);
      expect(again).toEqual({ groupCreated: false, created: [], updated: ['cs_mrr'], conflicting: ['cs_health_band'] });
      expect((await client.crm.properties.coreApi.getByName('companies', 'cs_mrr')).label).toBe('CS MRR');
    } finally {
      await server.close();
    }
  });
});
