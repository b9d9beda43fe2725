import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/client';
import { generateDemoPortfolio } from '../../src/sandbox/demo/generate-demo-portfolio';
import { loadCompanySuccess } from '../../src/services/customer-success/company-success';
import { seedDemoOnboarding } from '../../src/services/customer-success/demo-onboarding';
import { recomputeHealth } from '../../src/services/customer-success/recompute-health';
import { loadFixtureActivity } from '../../src/services/ingestion/fixture-activity';
import request from 'supertest';
import { createLogger } from '../../src/config/logger';
import { countScoresOn } from '../../src/db/repositories/customer-success-health-repository';
import { createApp } from '../../src/http/app';
import { customerSuccessModule } from '../../src/http/routes/customer-success-routes';
import { databaseTargets } from '../support/databases';
import { ifStarted } from '../support/if-started';
import { present } from '../support/present';
import { seedFixtureRecords } from '../support/seed-fixture';

const asOf = '2026-10-31';
const fixture = generateDemoPortfolio({ asOf: '2026-11-01' });

describe.each(databaseTargets)('demo portfolio on $name', (target) => {
  let handle: DatabaseHandle;

  beforeAll(async () => {
    handle = await target.open();
    await seedFixtureRecords(handle.db, fixture);
    await loadFixtureActivity(handle.db, fixture);
    await seedDemoOnboarding(handle.db, fixture.portal.id, asOf);
    // The whole demo seeded as the sync leaves it, and loaded: minutes when other test files share the two cores.
  }, 300_000);
  afterAll(async () => {
    await ifStarted(handle)?.close();
  });

  it('shows all four stages, all three bands and each suggestion kind', async () => {
    const result = await recomputeHealth(handle.db, fixture.portal.id, asOf);
    expect(result.scored).toBeGreaterThan(100);
    const companies = fixture.companies.map((company) => company.id);
    const views = (
      await Promise.all(companies.map((id) => loadCompanySuccess(handle.db, fixture.portal.id, id, asOf)))
    ).filter((view) => view !== null);
    const stages = new Set(views.flatMap((view) => (view.onboarding ? [view.onboarding.stage] : [])));
    const bands = new Set(views.flatMap((view) => (view.health ? [view.health.band] : [])));
    const kinds = new Set(views.flatMap((view) => view.suggestions.map((suggestion) => suggestion.kind)));
    expect([...stages].sort()).toEqual(['adoption', 'established', 'introduction', 'operation']);
    expect([...bands].sort()).toEqual(['green', 'red', 'yellow']);
    expect([...kinds].sort()).toEqual(['cross_sell', 'plan_upgrade', 'seat_expansion']);
  }, 240_000);

  it('stores one score per company per day: a rerun replaces it', async () => {
    const first = await recomputeHealth(handle.db, fixture.portal.id, asOf);
    const second = await recomputeHealth(handle.db, fixture.portal.id, asOf);
    expect(second.scored).toBe(first.scored);
    expect(await countScoresOn(handle.db, fixture.portal.id, asOf)).toBe(first.scored);
  }, 180_000);

  it('serves health, alerts and suggestions over HTTP and records the CSM actions', async () => {
    const app = createApp({
      apiAuth: 'open',
      db: handle.db,
      logger: createLogger('silent'),
      modules: [customerSuccessModule()],
    });
    const views = await Promise.all(
      fixture.companies.map((company) => loadCompanySuccess(handle.db, fixture.portal.id, company.id, asOf)),
    );
    const withSuggestion = views.find((view) => view !== null && view.suggestions.length > 0);
    const inOnboarding = views.find(
      (view) =>
        view?.onboarding?.stage === 'introduction' && view.onboarding.milestones.some((m) => m.state !== 'done'),
    );
    if (!withSuggestion || !inOnboarding?.onboarding)
      throw new Error('demo lacks a company with a suggestion or an open onboarding');

    const health = await request(app)
      .get(`/api/v1/companies/${withSuggestion.companyId}/health?asOf=${asOf}`)
      .expect(200);
    expect(health.body.health.score).toBe(withSuggestion.health?.score);
    expect(health.body.history).toEqual([expect.objectContaining({ date: asOf })]);
    const { components, leftOut } = health.body.health as { components: unknown[]; leftOut: unknown[] };
    expect(components.length + leftOut.length).toBe(6);
    await request(app).get(`/api/v1/companies/no-such-company/health?asOf=${asOf}`).expect(404);

    const alerts = await request(app).get(`/api/v1/alerts?asOf=${asOf}`).expect(200);
    const alertKinds = new Set(
      alerts.body.results.flatMap((row: { alerts: Array<{ kind: string }> }) => row.alerts.map((alert) => alert.kind)),
    );
    expect(alertKinds).toContain('milestone_overdue');
    // Overdue by days or weeks, as in a real portfolio: a milestone missed for years would long have been chased.
    const overdueDays = alerts.body.results.flatMap((row: { alerts: Array<{ kind: string; daysOverdue?: number }> }) =>
      row.alerts.flatMap((alert) => (alert.kind === 'milestone_overdue' ? [alert.daysOverdue ?? 0] : [])),
    );
    expect(Math.max(...overdueDays)).toBeLessThanOrEqual(45);
    expect(alertKinds).toContain('entered_red');

    const suggestion = withSuggestion.suggestions[0];
    if (!suggestion) throw new Error('no suggestion');
    const path = `/api/v1/companies/${withSuggestion.companyId}/suggestions`;
    await request(app).post(`${path}/${suggestion.id}/dismiss`).send({}).expect(400);
    // Who acted comes from the credential: a body naming an actor is refused, not believed.
    const forged = await request(app)
      .post(`${path}/${suggestion.id}/dismiss`)
      .send({ reason: 'budget frozen', actor: 'ceo@example.com' })
      .expect(400);
    expect(JSON.stringify(forged.body.error)).toContain('actor');
    await request(app).post(`${path}/${suggestion.id}/dismiss`).send({ reason: 'budget frozen' }).expect(200);
    // Without asOf: today, when the dismissal exists; the stored scores of `asOf` are the newest.
    const after = await request(app).get(path).expect(200);
    expect(after.body.suggestions.map((item: { id: string }) => item.id)).not.toContain(suggestion.id);

    const company = `/api/v1/companies/${inOnboarding.companyId}`;
    await request(app).post(`${company}/stage`).send({ stage: 'adoption' }).expect(200);
    const manual = await loadCompanySuccess(handle.db, fixture.portal.id, inOnboarding.companyId, asOf);
    expect(manual?.onboarding).toMatchObject({
      stage: 'adoption',
      stageSource: 'manual',
      derivedStage: 'introduction',
      manualOverride: { setBy: expect.stringMatching(/^open-api:/) },
    });
    await request(app).post(`${company}/stage`).send({ stage: null }).expect(200);
    const cleared = await loadCompanySuccess(handle.db, fixture.portal.id, inOnboarding.companyId, asOf);
    expect(cleared?.onboarding?.stageSource).toBe('derived');
    const open = inOnboarding.onboarding.milestones.find((milestone) => milestone.state !== 'done');
    await request(app)
      .post(`${company}/milestones/${present(open, 'an open milestone').key}/complete`)
      .send({})
      .expect(200);
    const done = await loadCompanySuccess(handle.db, fixture.portal.id, inOnboarding.companyId, '2099-01-01');
    expect(done?.onboarding?.stageSource).toBe('derived');
    expect(done?.onboarding?.milestones.find((milestone) => milestone.key === open?.key)).toMatchObject({
      state: 'done',
      doneBy: expect.stringMatching(/^open-api:/),
    });
    await request(app).post(`${company}/milestones/not_a_milestone/complete`).send({}).expect(404);

    const prospect = views.find((view) => view !== null && view.onboarding === null);
    if (!prospect) throw new Error('demo lacks a company without onboarding');
    const prospectPath = `/api/v1/companies/${prospect.companyId}`;
    await request(app).post(`${prospectPath}/stage`).send({ stage: 'adoption' }).expect(404);
    await request(app).post(`${prospectPath}/stage`).send({ stage: 'introduction' }).expect(200);
    const started = await loadCompanySuccess(handle.db, fixture.portal.id, prospect.companyId, '2099-01-01');
    expect(started?.onboarding).toMatchObject({
      stage: 'introduction',
      manualOverride: { setBy: expect.stringMatching(/^open-api:/) },
    });
    expect(started?.onboarding?.milestones.length).toBeGreaterThan(0);
  }, 60_000);
});
