import { sql } from 'drizzle-orm';
import type { Express } from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/config/logger';
import type { DatabaseHandle } from '../../src/db/client';
import { createApp } from '../../src/http/app';
import { managerModule } from '../../src/http/routes/manager-routes';
import { playbooksPayloadSchema } from '../../extensions/app/pages/shared/playbooks-payload';
import { playbookModule } from '../../src/http/routes/playbook-routes';
import { openNewRuns } from '../../src/db/repositories/playbook-runs-repository';
import { createApiKey } from '../../src/services/ingestion/api-keys';
import { databaseTargets } from '../support/databases';
import { ifStarted } from '../support/if-started';

const portalId = 93;
const otherPortalId = 94;
const valid = {
  name: 'Renewal at risk',
  trigger: { kind: 'renewal_due', withinDays: 60 },
  audience: { tiers: ['enterprise'] },
  steps: [
    {
      kind: 'task',
      subject: 'Prepare the renewal of {{company}}',
      body: '{{evidence}}',
      owner: { kind: 'named', ownerId: '123' },
    },
  ],
};

describe.each(databaseTargets)('playbooks through the API ($name)', (target) => {
  let handle: DatabaseHandle;
  let app: Express;
  let key: string;
  let otherKey: string;

  beforeAll(async () => {
    handle = await target.open();
    await handle.db.execute(
      sql`insert into portals (id, name, time_zone) values (${portalId}, 'playbooks', 'UTC'), (${otherPortalId}, 'other', 'UTC')`,
    );
    key = (await createApiKey(handle.db, portalId, 'cs-ops', 'api')).key;
    otherKey = (await createApiKey(handle.db, otherPortalId, 'other', 'api')).key;
    app = createApp({
      db: handle.db,
      logger: createLogger('silent'),
      apiAuth: 'keys',
      modules: [playbookModule(), managerModule({ preview: false, now: () => Date.parse('2026-04-01T12:00:00Z') })],
      rateLimits: { windowSeconds: 60, perIp: 0, perIngestionKey: 0 },
    });
  });
  afterAll(async () => ifStarted(handle)?.close());

  it('creates, lists and replaces a playbook, recording who changed it, with the defaults filled in', async () => {
    const created = await request(app).post('/api/v1/playbooks').set('authorization', `Bearer ${key}`).send(valid);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: 'Renewal at risk',
      holdoutPercent: 10,
      trigger: { bands: ['yellow', 'red'] },
      createdBy: expect.stringContaining('api-key:'),
    });
    expect(created.body.createdBy).toContain('cs-ops');
    const listed = await request(app).get('/api/v1/playbooks').set('authorization', `Bearer ${key}`);
    expect(listed.body.playbooks.map((playbook: { id: string }) => playbook.id)).toEqual([created.body.id]);
    const replaced = await request(app)
      .put(`/api/v1/playbooks/${created.body.id}`)
      .set('authorization', `Bearer ${key}`)
      .send({ ...valid, holdoutPercent: 20, enabled: false });
    expect(replaced.status).toBe(200);
    expect(replaced.body).toMatchObject({ holdoutPercent: 20, enabled: false, version: 2 });
    const runs = await request(app)
      .get(`/api/v1/playbooks/${created.body.id}/runs`)
      .set('authorization', `Bearer ${key}`);
    expect(runs.body).toEqual({ playbookId: created.body.id, runs: [] });
    const outcomes = await request(app)
      .get(`/api/v1/playbooks/${created.body.id}/outcomes?asOf=2026-11-10`)
      .set('authorization', `Bearer ${key}`);
    expect(outcomes.status).toBe(200);
    expect(outcomes.body.overall.comparisons[0].conclusion).toMatch(/^Too few runs to conclude/);
    // Another portal's key does not see it.
    const foreign = await request(app)
      .put(`/api/v1/playbooks/${created.body.id}`)
      .set('authorization', `Bearer ${otherKey}`)
      .send(valid);
    expect(foreign.status).toBe(404);
  });

  it('refuses a blank name and stores a name trimmed', async () => {
    const blank = await request(app)
      .post('/api/v1/playbooks')
      .set('authorization', `Bearer ${key}`)
      .send({ ...valid, name: '   ' });
    expect(blank.status).toBe(400);
    expect(blank.body.error.details.fields.map((field: { field: string }) => field.field)).toContain('name');
    const preview = await request(app)
      .post('/api/v1/playbooks/preview')
      .set('authorization', `Bearer ${key}`)
      .send({ ...valid, name: '' });
    expect(preview.status).toBe(400);
    const trimmed = await request(app)
      .post('/api/v1/playbooks')
      .set('authorization', `Bearer ${key}`)
      .send({ ...valid, name: '  Renewal at risk  ' })
      .expect(201);
    expect(trimmed.body.name).toBe('Renewal at risk');
  });

  it('answers 400 naming the field of an invalid definition', async () => {
    const answer = await request(app)
      .post('/api/v1/playbooks')
      .set('authorization', `Bearer ${key}`)
      .send({ ...valid, steps: [{ kind: 'task', subject: 'x', body: 'y', priority: 'URGENT' }] });
    expect(answer.status).toBe(400);
    expect(answer.body.error.details.fields.map((field: { field: string }) => field.field)).toContain(
      'steps.0.priority',
    );
    const kpi = await request(app)
      .post('/api/v1/playbooks')
      .set('authorization', `Bearer ${key}`)
      .send({
        ...valid,
        trigger: { kind: 'custom', conditions: [{ source: 'kpi', name: 'mood', operator: 'eq', value: 1 }] },
      });
    expect(kpi.status).toBe(400);
    expect(kpi.body.error.details.fields.map((field: { field: string }) => field.field)).toContain(
      'trigger.conditions.0.name',
    );
  });

  it('previews a definition or a stored playbook without storing anything, 400 naming a bad field, 404 elsewhere', async () => {
    const playbooksBefore = await handle.db.execute(sql`select count(*)::int as count from playbooks`);
    const preview = await request(app)
      .post('/api/v1/playbooks/preview')
      .set('authorization', `Bearer ${key}`)
      .send(valid)
      .expect(200);
    // This portal has no health scores yet: nothing to preview, and nothing written.
    expect(preview.body).toMatchObject({ portalId, asOf: null, entering: 0, heldOutIsEstimate: true, sample: [] });
    const bad = await request(app)
      .post('/api/v1/playbooks/preview')
      .set('authorization', `Bearer ${key}`)
      .send({ ...valid, trigger: { kind: 'renewal_due', withinDays: 0 } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.fields.map((field: { field: string }) => field.field)).toContain(
      'trigger.withinDays',
    );
    expect(await handle.db.execute(sql`select count(*)::int as count from playbooks`)).toMatchObject({
      rows: (playbooksBefore as { rows: unknown[] }).rows,
    });
    const created = await request(app).post('/api/v1/playbooks').set('authorization', `Bearer ${key}`).send(valid);
    const stored = await request(app)
      .get(`/api/v1/playbooks/${created.body.id}/preview`)
      .set('authorization', `Bearer ${key}`)
      .expect(200);
    expect(stored.body).toMatchObject({ playbookId: created.body.id, entering: 0, heldOutIsEstimate: false });
    await request(app)
      .get(`/api/v1/playbooks/${created.body.id}/preview`)
      .set('authorization', `Bearer ${otherKey}`)
      .expect(404);
  });

  it('reports renewal and 90-day churn for treated vs holdout from the companies contracts, null while too recent', async () => {
    const created = await request(app).post('/api/v1/playbooks').set('authorization', `Bearer ${key}`).send(valid);
    const playbookId: string = created.body.id;
    // c1 (treated) renews on 2026-01-01; c2 (held out) churns then; c3 (treated) opened too recently for either.
    await handle.db
      .execute(sql`insert into contracts (portal_id, deal_id, company_id, kind, product, mrr_minor, start_date, end_date, close_date) values
      (${portalId}, 'o1', 'c1', 'new', 'core', 10000, '2025-01-01', '2026-01-01', '2025-01-01'),
      (${portalId}, 'o2', 'c1', 'renewal', 'core', 10000, '2026-01-01', '2027-01-01', '2025-12-20'),
      (${portalId}, 'o3', 'c2', 'new', 'core', 10000, '2025-01-01', '2026-01-01', '2025-01-01'),
      (${portalId}, 'o4', 'c3', 'new', 'core', 10000, '2026-01-01', '2027-01-01', '2026-01-01')`);
    const run = (companyId: string, heldOut: boolean, openedOn: string) => ({
      run: {
        portalId,
        id: `${playbookId}-${companyId}`,
        playbookId,
        companyId,
        status: 'open' as const,
        heldOut,
        openedOn,
        scoreAtOpen: 50,
        evidence: {},
      },
      steps: [],
    });
    await openNewRuns(handle.db, [
      run('c1', false, '2025-11-01'),
      run('c2', true, '2025-11-01'),
      run('c3', false, '2026-03-01'),
    ]);
    const outcomes = await request(app)
      .get(`/api/v1/playbooks/${playbookId}/outcomes?asOf=2026-04-01`)
      .set('authorization', `Bearer ${key}`)
      .expect(200);
    const comparison = (metric: string) =>
      outcomes.body.overall.comparisons.find((item: { metric: string }) => item.metric === metric);
    expect(comparison('renewed')).toMatchObject({
      label: 'Renewal rate at the next renewal after the run opened',
      treated: { runs: 1, mean: 1 },
      holdout: { runs: 1, mean: 0 },
      difference: 1,
      interval95: null,
    });
    expect(comparison('churned90')).toMatchObject({ treated: { runs: 1, mean: 0 }, holdout: { runs: 1, mean: 1 } });
    expect(comparison('churned90').conclusion).toMatch(/^Too few runs to conclude/);

    // The manager's playbooks page reads the same report, as of the portal's today.
    const page = playbooksPayloadSchema.parse(
      (await request(app).get('/api/v1/manager/playbooks').set('authorization', `Bearer ${key}`).expect(200)).body,
    );
    expect(page.asOf).toBe('2026-04-01');
    const shown = page.playbooks.find((playbook) => playbook.id === playbookId);
    expect(shown).toMatchObject({
      name: valid.name,
      firesWhen: 'a renewal is due within 60 days while health needs attention or is at risk',
      enabled: true,
      started: 3,
      heldOut: 1,
    });
    expect(shown?.outcomes.find((item) => item.label.startsWith('Renewal rate'))).toMatchObject({
      treated: { runs: 1, mean: 1 },
      holdout: { runs: 1, mean: 0 },
      difference: 1,
    });
    expect(shown?.outcomes.map((item) => item.conclusion)).toEqual(
      outcomes.body.overall.comparisons.map((item: { conclusion: string }) => item.conclusion),
    );
    // Another portal's key sees only its own playbooks.
    const other = playbooksPayloadSchema.parse(
      (await request(app).get('/api/v1/manager/playbooks').set('authorization', `Bearer ${otherKey}`).expect(200)).body,
    );
    expect(other.playbooks.map((playbook) => playbook.id)).not.toContain(playbookId);
  });
});
