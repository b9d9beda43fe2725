import { describe, expect, it } from 'vitest';
import { failure, fixture, startHarness } from './sandbox-harness';

const renewals = {
  id: '812034571',
  label: 'Renewals',
  stages: [
    { id: '1190452303', label: 'Renewed', metadata: { isClosed: 'true', probability: '1.0' } },
    { id: '1190452305', label: 'Up for renewal', metadata: { isClosed: 'false', probability: '0.5' } },
  ],
};

async function portal() {
  return startHarness({
    fixture: fixture({
      owners: [{ id: '501', email: 'csm@example.com' }],
      pipelines: [renewals],
      companies: [{ id: '1', properties: { name: 'Acme' } }],
      deals: [{ id: '10', properties: { dealname: 'Renewal', pipeline: '812034571', dealstage: '1190452305' } }],
    }),
  });
}

interface ValidationBody {
  readonly category: string;
  readonly message: string;
  readonly errors: { readonly code: string; readonly context: { readonly propertyName: string[] } }[];
}

function problems(body: unknown): string[] {
  const { errors } = body as ValidationBody;
  return errors.map((error) => `${error.context.propertyName[0] ?? ''}:${error.code}`);
}

describe('built-in enumerations, validated like HubSpot', () => {
  it("puts a deal without a pipeline into the default one and takes stages of the deal's pipeline only", async () => {
    const { client } = await portal();
    const created = await client.crm.deals.basicApi.create({
      properties: { dealname: 'New', dealstage: 'qualifiedtobuy' },
      associations: [],
    });
    expect(created.properties.pipeline).toBe('default');
    const wrongStage = await failure(
      client.crm.deals.basicApi.create({
        properties: { dealname: 'X', pipeline: 'default', dealstage: '1190452303' },
        associations: [],
      }),
    );
    expect(wrongStage.code).toBe(400);
    expect(problems(wrongStage.body)).toEqual(['dealstage:INVALID_OPTION']);
    expect((wrongStage.body as ValidationBody).message).toContain(
      '1190452303 was not one of the allowed options: [appointmentscheduled, qualifiedtobuy',
    );
    const unknownPipeline = await failure(
      client.crm.deals.basicApi.create({
        properties: { dealname: 'X', pipeline: 'nope', dealstage: 'closedwon' },
        associations: [],
      }),
    );
    expect(problems(unknownPipeline.body)).toEqual(['pipeline:INVALID_OPTION']);
    // The deal is in Renewals: its stage alone may move within Renewals, not to a default-pipeline stage.
    await client.crm.deals.basicApi.update('10', { properties: { dealstage: '1190452303' } });
    expect(
      problems(
        (await failure(client.crm.deals.basicApi.update('10', { properties: { dealstage: 'closedwon' } }))).body,
      ),
    ).toEqual(['dealstage:INVALID_OPTION']);
    expect(
      problems((await failure(client.crm.deals.basicApi.update('10', { properties: { pipeline: 'default' } }))).body),
    ).toEqual(['dealstage:INVALID_OPTION']);
    await client.crm.deals.basicApi.update('10', { properties: { pipeline: 'default', dealstage: 'closedwon' } });
  });

  it('takes only existing owner ids and the options of industry, lifecycle stage and deal type', async () => {
    const { client } = await portal();
    await client.crm.companies.basicApi.update('1', {
      properties: {
        hubspot_owner_id: '501',
        industry: 'NON_PROFIT_ORGANIZATION_MANAGEMENT',
        lifecyclestage: 'customer',
      },
    });
    const bad = await failure(
      client.crm.companies.basicApi.update('1', {
        properties: { hubspot_owner_id: '999', industry: 'SOFTWARE', lifecyclestage: 'client' },
      }),
    );
    expect(bad.code).toBe(400);
    expect((bad.body as ValidationBody).category).toBe('VALIDATION_ERROR');
    expect(problems(bad.body)).toEqual(['industry:INVALID_OPTION', 'lifecyclestage:INVALID_OPTION']);
    expect(
      problems(
        (await failure(client.crm.companies.basicApi.update('1', { properties: { hubspot_owner_id: '999' } }))).body,
      ),
    ).toEqual(['hubspot_owner_id:INVALID_OWNER_ID']);
    const dealType = await failure(
      client.crm.deals.batchApi.update({ inputs: [{ id: '10', properties: { dealtype: 'renewal' } }] }),
    );
    expect(problems(dealType.body)).toEqual(['dealtype:INVALID_OPTION']);
  });

  it('answers 400 PROPERTY_DOESNT_EXIST to a value of a property the portal does not have', async () => {
    const { client } = await portal();
    const missing = await failure(
      client.crm.deals.basicApi.create({ properties: { dealname: 'X', cs_mrr: '10' }, associations: [] }),
    );
    expect(missing.code).toBe(400);
    expect(problems(missing.body)).toEqual(['cs_mrr:PROPERTY_DOESNT_EXIST']);
    expect((missing.body as ValidationBody).message).toContain('"error":"PROPERTY_DOESNT_EXIST","name":"cs_mrr"');
  });
});
