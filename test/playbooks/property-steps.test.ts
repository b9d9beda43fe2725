import {
  PropertyCreateFieldTypeEnum as FieldType,
  PropertyCreateTypeEnum as Type,
} from '@hubspot/api-client/lib/codegen/crm/properties';
import type { Client } from '@hubspot/api-client';
import type { Express } from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/config/logger';
import type { DatabaseHandle } from '../../src/db/client';
import { playbookDefinitionSchema } from '../../src/domain/playbooks/playbook-schema';
import { instantToLocalDate } from '../../src/domain/time/time-zone';
import { createHubSpotClient } from '../../src/hubspot/client';
import { createApp } from '../../src/http/app';
import { playbookModule } from '../../src/http/routes/playbook-routes';
import { generateDemoPortfolio } from '../../src/sandbox/demo/generate-demo-portfolio';
import { createSandbox, type RunningSandbox, type Sandbox } from '../../src/sandbox/server';
import { listOpenRuns } from '../../src/db/repositories/playbook-runs-repository';
import { createApiKey } from '../../src/services/ingestion/api-keys';
import { evaluatePlaybooks } from '../../src/services/playbooks/evaluate-playbooks';
import { createPlaybook, listPlaybooks } from '../../src/services/playbooks/playbook-definitions';
import { databaseTargets } from '../support/databases';
import { ifStarted } from '../support/if-started';
import { seedFixtureDirect } from '../support/seed-fixture';

const today = instantToLocalDate(Date.now(), 'UTC');
const everyone = { kind: 'custom', conditions: [{ source: 'kpi', name: 'score', operator: 'gte', value: 0 }] };

function playbook(property: string, value: string) {
  return {
    name: `Set ${property}`,
    trigger: everyone,
    audience: {},
    steps: [{ kind: 'company_property', property, value }],
  };
}

async function addProperties(client: Client): Promise<void> {
  const option = (value: string, index: number) => ({ label: value, value, displayOrder: index, hidden: false });
  const custom: [string, string, Type, FieldType, string[]][] = [
    ['at_risk_since', 'At risk since', Type.Date, FieldType.Date, []],
    ['escalated', 'Escalated', Type.Bool, FieldType.Booleancheckbox, ['true', 'false']],
    ['success_plan', 'Success plan', Type.Enumeration, FieldType.Select, ['standard', 'rescue']],
    ['last_health_seen', 'Last health seen', Type.Number, FieldType.Number, []],
  ];
  for (const [name, label, type, fieldType, options] of custom) {
    await client.crm.properties.coreApi.create('companies', {
      name,
      label,
      type,
      fieldType,
      groupName: 'companyinformation',
      options: options.map(option),
    });
  }
}

describe.each(databaseTargets)('playbook property steps against the portal’s properties ($name)', (target) => {
  let handle: DatabaseHandle;
  let sandbox: Sandbox;
  let running: RunningSandbox;
  let client: Client;
  let app: Express;
  let key: string;
  let portalId: number;
  let reachable = true;

  beforeAll(async () => {
    handle = await target.open();
    const fixture = generateDemoPortfolio({ asOf: today, companies: 6, seed: 5, years: 1 });
    portalId = fixture.portal.id;
    sandbox = createSandbox({ fixture, rateLimit: false });
    running = await sandbox.start(0);
    await seedFixtureDirect(handle.db, fixture, today, [today]);
    client = createHubSpotClient({ accessToken: 'test-token', baseUrl: running.url, requestsPer10Seconds: 10_000 });
    await addProperties(client);
    key = (await createApiKey(handle.db, portalId, 'cs-ops', 'api')).key;
    const clientFor = (id: number) =>
      reachable ? Promise.resolve(client) : Promise.reject(new Error(`portal ${id}: HubSpot unreachable`));
    app = createApp({
      db: handle.db,
      logger: createLogger('silent'),
      apiAuth: 'keys',
      modules: [playbookModule(clientFor)],
      rateLimits: { windowSeconds: 60, perIp: 0, perIngestionKey: 0 },
    });
  }, 120_000);
  afterAll(async () => {
    await ifStarted(running)?.close();
    await ifStarted(handle)?.close();
  });

  const post = (body: object) =>
    request(app).post('/api/v1/playbooks').set('authorization', `Bearer ${key}`).send(body);

  it('refuses, naming the step, a property step HubSpot would refuse on every run, and stores nothing', async () => {
    const refused: [ReturnType<typeof playbook>, string, RegExp][] = [
      [playbook('renewal_owner', 'me'), 'steps.0.property', /no company property named "renewal_owner"/],
      [playbook('hs_lastmodifieddate', '2026-01-01'), 'steps.0.property', /read-only in HubSpot/],
      [
        playbook('at_risk_since', '2026-03-02T09:00:00Z'),
        'steps.0.value',
        /At risk since is a date: write it as YYYY-MM-DD/,
      ],
      [playbook('at_risk_since', '2026-02-30'), 'steps.0.value', /YYYY-MM-DD/],
      [playbook('escalated', 'yes'), 'steps.0.value', /Escalated is yes or no: write true or false/],
      [
        playbook('success_plan', 'Rescue'),
        'steps.0.value',
        /"Rescue" is not an option of Success plan: .*\(standard, rescue\)/,
      ],
      [playbook('last_health_seen', '1,000'), 'steps.0.value', /Last health seen is a number/],
    ];
    for (const [body, field, message] of refused) {
      const answer = await post(body);
      expect(answer.status, JSON.stringify(body.steps)).toBe(400);
      expect(answer.body.error.details.fields).toEqual([{ field, message: expect.stringMatching(message) }]);
    }
    expect(await listPlaybooks(handle.db, portalId)).toEqual([]);
  });

  it('takes values HubSpot takes, and a placeholder filled per run; a replacement is checked the same way', async () => {
    const created = await post({
      ...playbook('success_plan', 'rescue'),
      steps: [
        { kind: 'company_property', property: 'success_plan', value: 'rescue' },
        { kind: 'company_property', property: 'at_risk_since', value: '2026-03-02' },
        { kind: 'company_property', property: 'escalated', value: 'true' },
        { kind: 'company_property', property: 'last_health_seen', value: '{{value.score}}' },
      ],
    });
    expect(created.status).toBe(201);
    const replaced = await request(app)
      .put(`/api/v1/playbooks/${created.body.id}`)
      .set('authorization', `Bearer ${key}`)
      .send(playbook('escalated', 'TRUE'));
    expect(replaced.status).toBe(400);
    expect(replaced.body.error.details.fields[0].field).toBe('steps.0.value');
  });

  it('answers 502 and stores nothing when HubSpot cannot list the properties to check against', async () => {
    const before = (await listPlaybooks(handle.db, portalId)).length;
    reachable = false;
    try {
      const answer = await post(playbook('escalated', 'true'));
      expect(answer.status).toBe(502);
      expect(answer.body.error.message).toMatch(/not saved.*Try again/);
    } finally {
      reachable = true;
    }
    expect(await listPlaybooks(handle.db, portalId)).toHaveLength(before);
  });

  it('writes the step’s value to each treated company, a placeholder filled with the run’s evidence', async () => {
    const definition = playbookDefinitionSchema.parse({
      ...playbook('last_health_seen', '{{value.score}}'),
      holdoutPercent: 0,
      steps: [
        { kind: 'company_property', property: 'last_health_seen', value: '{{value.score}}' },
        { kind: 'company_property', property: 'success_plan', value: 'rescue' },
      ],
    });
    const { id } = await createPlaybook(handle.db, portalId, definition, 'test');
    const result = await evaluatePlaybooks({ db: handle.db, logger: createLogger('silent'), client }, portalId);
    expect(result.stepsFailed).toBe(0);
    const runs = (await listOpenRuns(handle.db, portalId)).filter((run) => run.playbookId === id);
    expect(runs.length).toBeGreaterThan(0);
    for (const run of runs) {
      const company = await client.crm.companies.basicApi.getById(run.companyId, ['last_health_seen', 'success_plan']);
      const score = (run.evidence as { values: { score: number } }).values.score;
      expect(company.properties).toMatchObject({ success_plan: 'rescue', last_health_seen: String(score) });
    }
  });
});
