import { sql } from 'drizzle-orm';
import type { Express } from 'express';
import request from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/config/logger';
import { rebuildCompanyMrr } from '../../src/db/repositories/company-mrr-repository';
import type { DatabaseHandle } from '../../src/db/client';
import { createApp } from '../../src/http/app';
import { kpiModule } from '../../src/http/routes/kpi-routes';
import { settingsModule } from '../../src/http/routes/settings-routes';
import { healthRecomputeHandler } from '../../src/jobs/health-schedule';
import type { JobData } from '../../src/jobs/job-queue';
import { createApiKey } from '../../src/services/ingestion/api-keys';
import { databaseTargets } from '../support/databases';
import { ifStarted } from '../support/if-started';
import { RecordingJobQueue } from '../support/recording-job-queue';

const portalId = 91;
const otherPortalId = 92;
const logger = createLogger('silent');
const today = '2026-11-10';
const clock = () => Date.parse(`${today}T12:00:00Z`);

interface ScoreRow {
  company_id: string;
  score: number;
  explanation: { components: Array<{ component: string; weight: number; score: number }> };
}

describe.each(databaseTargets)('portal settings through the API ($name)', (target) => {
  let handle: DatabaseHandle;
  let app: Express;
  let apiKey: { key: string; id: string };
  const jobs = new RecordingJobQueue();

  const scores = async (): Promise<ScoreRow[]> => {
    const result = await handle.db.execute(sql`select company_id, score, explanation from health_scores
      where portal_id = ${portalId} and score_date = ${today}::date order by company_id`);
    return (result as { rows: ScoreRow[] }).rows;
  };
  const settingsRows = async () => {
    const result = await handle.db.execute(
      sql`select (select count(*)::int from portal_settings) as current, (select count(*)::int from portal_settings_history) as history`,
    );
    return (result as { rows: unknown[] }).rows[0];
  };
  const put = (kind: string, body: unknown) =>
    request(app)
      .put(`/api/v1/settings/${kind}`)
      .set('Authorization', `Bearer ${apiKey.key}`)
      .send(body as object);
  const get = (path: string) => request(app).get(path).set('Authorization', `Bearer ${apiKey.key}`);
  const runSentJobs = async () => {
    const recompute = healthRecomputeHandler({ db: handle.db, logger, now: clock });
    for (const job of jobs.sent.splice(0)) {
      if (job.name === 'health.recompute')
        await recompute(job.data as JobData<'health.recompute'>, { jobId: 'test', retryCount: 0 });
    }
  };

  beforeAll(async () => {
    handle = await target.open();
    await handle.db.execute(
      sql`insert into portals (id, name, time_zone) values (${portalId}, 'settings', 'UTC'), (${otherPortalId}, 'other', 'UTC')`,
    );
    await handle.db.execute(
      sql`insert into companies (portal_id, id, name) values (${portalId}, 'a', 'Acme'), (${portalId}, 'b', 'Beta')`,
    );
    await handle.db
      .execute(sql`insert into contracts (portal_id, deal_id, company_id, kind, product, mrr_minor, start_date, end_date, seats)
      values (${portalId}, 'd1', 'a', 'new', 'core', 90000, '2026-01-01', '2027-01-01', 10),
             (${portalId}, 'd2', 'b', 'new', 'core', 45000, '2026-03-01', '2026-12-15', 5)`);
    await rebuildCompanyMrr(handle.db, portalId);
    apiKey = await createApiKey(handle.db, portalId, 'cs-ops', 'api');
    app = createApp({
      db: handle.db,
      logger,
      apiAuth: 'keys',
      modules: [settingsModule({ jobs }), kpiModule()],
      rateLimits: { windowSeconds: 60, perIp: 0, perIngestionKey: 0 },
    });
    await healthRecomputeHandler({ db: handle.db, logger, now: clock })(
      { portalId },
      { jobId: 'first', retryCount: 0 },
    );
  }, 120_000);
  afterAll(async () => {
    await ifStarted(handle)?.close();
  });
  beforeEach(() => {
    jobs.sent.length = 0;
  });

  it('serves the defaults while the portal has set nothing', async () => {
    const response = await get('/api/v1/settings/health');
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ portalId, kind: 'health', custom: null, version: null, updatedBy: null });
    expect(response.body.settings.profiles.default).toEqual({
      usage: 30,
      engagement: 15,
      breadth: 15,
      onboarding: 15,
      sentiment: 15,
      commercial: 10,
    });
    expect(response.body.settings.bands).toEqual({ yellowFrom: 40, greenFrom: 70 });
  });

  it('refuses a bad body, names the field, what it expects and what was sent, and changes nothing', async () => {
    const before = { rows: await settingsRows(), scores: await scores() };
    const wrongType = await put('health', {
      profiles: {
        default: { usage: 'lots', engagement: 15, breadth: 15, onboarding: 15, sentiment: 15, commercial: 10 },
      },
    });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.error.code).toBe('validation_failed');
    expect(wrongType.body.error.details.fields).toEqual([
      expect.objectContaining({ field: 'profiles.default.usage', expected: 'number', sent: '"lots"' }),
    ]);
    expect(wrongType.body.error.message).toContain('profiles.default.usage');
    const unknown = await put('health', { bands: { yellowFrom: 40, greenFrom: 70, redBelow: 10 } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details.fields).toEqual([
      expect.objectContaining({ field: 'bands.redBelow', message: 'no such setting', sent: '10' }),
    ]);
    const crossed = await put('health', { bands: { yellowFrom: 80, greenFrom: 70 } });
    expect(crossed.status).toBe(400);
    expect(crossed.body.error.details.fields[0].field).toBe('bands');
    // Who changed the settings comes from the credential, never from the body.
    expect((await put('health', { updatedBy: 'mallory' })).status).toBe(400);
    expect(
      (
        await request(app)
          .put('/api/v1/settings/health')
          .set('Authorization', `Bearer ${apiKey.key}`)
          .type('text/plain')
          .send('{}')
      ).status,
    ).toBe(400);
    expect((await put('health', [1, 2])).status).toBe(400);
    expect({ rows: await settingsRows(), scores: await scores() }).toEqual(before);
    expect(jobs.sent).toEqual([]);
  });

  it('stores new weights with who and when, queues the recompute, and the next scores use them', async () => {
    const before = await scores();
    expect(before.map((row) => row.company_id)).toEqual(['a', 'b']);
    const weights = { usage: 0, engagement: 0, breadth: 0, onboarding: 0, sentiment: 0, commercial: 100 };
    const response = await put('health', { profiles: { default: weights } });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      kind: 'health',
      version: 1,
      updatedBy: `api-key:${apiKey.id} (cs-ops)`,
      healthRecompute: 'queued',
      custom: { profiles: { default: weights } },
    });
    expect(Date.parse(response.body.updatedAt)).toBeGreaterThan(Date.now() - 60_000);
    expect(response.body.settings.bands).toEqual({ yellowFrom: 40, greenFrom: 70 });
    expect(jobs.sent).toEqual([{ name: 'health.recompute', data: { portalId, force: true } }]);
    await runSentJobs();
    const after = await scores();
    for (const row of after) {
      const commercial = row.explanation.components.find((component) => component.component === 'commercial');
      expect(commercial?.weight, row.company_id).toBe(100);
      expect(row.explanation.components.filter((component) => component.weight > 0)).toHaveLength(1);
      expect(row.score).toBe(Math.round(commercial?.score ?? Number.NaN));
    }
    expect(after).not.toEqual(before);
  });

  it('keeps every change in the history, newest first', async () => {
    expect((await put('health', { bands: { yellowFrom: 50, greenFrom: 80 } })).body.version).toBe(2);
    const response = await get('/api/v1/settings/health?history=5');
    expect(response.body.settings.profiles.default).toEqual({
      usage: 30,
      engagement: 15,
      breadth: 15,
      onboarding: 15,
      sentiment: 15,
      commercial: 10,
    });
    expect(response.body.history.map((entry: { version: number }) => entry.version)).toEqual([2, 1]);
    expect(response.body.history[1].value.profiles.default.commercial).toBe(100);
    expect(response.body.history[0].changedBy).toBe(`api-key:${apiKey.id} (cs-ops)`);
  });

  it('applies stored KPI settings to the KPI API, and rescoring only when the session rules change', async () => {
    const startOf = async () => (await get('/api/v1/kpis?from=2026-01&to=2026-01')).body.periods[0].customersStart;
    expect((await put('kpi', { periodStartBoundary: 'first-day' })).body.healthRecompute).toBe('not-needed');
    expect(await startOf()).toBe(1);
    expect((await put('kpi', { periodStartBoundary: 'previous-day' })).body.healthRecompute).toBe('not-needed');
    expect(await startOf()).toBe(0);
    expect(jobs.sent).toEqual([]);
    expect(
      (await put('kpi', { periodStartBoundary: 'previous-day', sessions: { inactivityMinutes: 45 } })).body
        .healthRecompute,
    ).toBe('queued');
    expect((await put('kpi', { timeZone: 'Asia/Tokyo' })).body.error.details.fields[0]).toMatchObject({
      field: 'timeZone',
      message: 'no such setting',
    });
  });

  it('answers for the api key portal only', async () => {
    expect((await get(`/api/v1/settings/kpi?portalId=${otherPortalId}`)).status).toBe(404);
    expect(
      (
        await request(app)
          .put(`/api/v1/settings/kpi?portalId=${otherPortalId}`)
          .set('Authorization', `Bearer ${apiKey.key}`)
          .send({})
      ).status,
    ).toBe(404);
    expect((await request(app).get('/api/v1/settings/kpi')).status).toBe(401);
    const result = await handle.db.execute(
      sql`select count(*)::int as count from portal_settings where portal_id = ${otherPortalId}`,
    );
    expect((result as { rows: Array<{ count: number }> }).rows[0]?.count).toBe(0);
  });
});
