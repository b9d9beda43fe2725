import { sql } from 'drizzle-orm';
import type { Express } from 'express';
import { z } from 'zod';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  managerPortfolioPayloadSchema,
  type ManagerPortfolioPayload,
} from '../../extensions/app/pages/shared/manager-payload';
import { createLogger } from '../../src/config/logger';
import type { DatabaseHandle } from '../../src/db/client';
import { countScoresOn } from '../../src/db/repositories/customer-success-health-repository';
import { queryRows } from '../../src/db/repositories/query-rows';
import { insertPendingEvents } from '../../src/db/repositories/ingestion-pending-repository';
import { addDays } from '../../src/domain/time/calendar-date';
import { instantToLocalDate } from '../../src/domain/time/time-zone';
import { createApp } from '../../src/http/app';
import { customerSuccessModule } from '../../src/http/routes/customer-success-routes';
import { kpiModule } from '../../src/http/routes/kpi-routes';
import { signatureV3 } from '../../src/http/middleware/hubspot-signature';
import { managerApiPath, managerHomePath, managerModule } from '../../src/http/routes/manager-routes';
import { loadFixtureFile } from '../../src/sandbox/load-fixture';
import { recomputeHealth } from '../../src/services/customer-success/recompute-health';
import { smallPortfolioPath } from '../fixtures/small-portfolio.expected';
import { loadPortfolio } from '../kpi/load-portfolio';
import { databaseTargets } from '../support/databases';
import { sendRecentUsage } from '../support/recent-usage';
import { assignCsmAtHandoff } from '../support/csm-assignment';

const logger = createLogger('silent');
// CSM actions are recorded at the wall-clock time, so the view's day is the real one (the small portfolio runs past it).
const today = instantToLocalDate(Date.now(), 'UTC');
const to = today.slice(0, 7);
const from = `${Number(to.slice(0, 4)) - 1}-${to.slice(5, 7)}`;

async function portfolio(app: Express, query: Record<string, string> = {}): Promise<ManagerPortfolioPayload> {
  const response = await request(app)
    .get(managerApiPath)
    .query({ from, to, ...query })
    .expect(200);
  return managerPortfolioPayloadSchema.parse(response.body);
}

describe.each(databaseTargets)('GET /api/v1/manager/portfolio on $name', (target) => {
  let handle: DatabaseHandle;
  let app: Express;
  let portalId: number;

  beforeAll(async () => {
    handle = await target.open();
    const portal = await loadPortfolio(handle.db, await loadFixtureFile(smallPortfolioPath.pathname));
    portalId = portal.id;
    // Three health runs: two months back, one month back and today, so bands have a history; usage still arrives.
    const runDays = [addDays(today, -60), addDays(today, -30), today];
    await sendRecentUsage(handle.db, portal, '1003', runDays);
    for (const day of runDays) await recomputeHealth(handle.db, portalId, day);
    app = createApp({
      apiAuth: 'open',
      db: handle.db,
      logger,
      modules: [kpiModule(), customerSuccessModule(), managerModule({ preview: false })],
    });
  });
  afterAll(async () => handle.close());

  it('answers every §3.1 figure per month, with its name and no-value reasons, exactly as the KPI API does, the running month partial and not the headline', async () => {
    const view = await portfolio(app);
    const kpis = await request(app).get('/api/v1/kpis').query({ from, to }).expect(200);
    expect(view.months).toEqual(kpis.body.periods);
    expect(view.months.some((month) => Object.keys(month.noValue).length > 0)).toBe(true);
    expect(view).toMatchObject({ portalId, currency: 'USD', asOf: today, from, to });
    // The range ends with the current month: it runs (as of today), so the headline is the month before.
    expect(view.months.map((month) => month.partial)).toEqual(view.months.map((month) => month.period === to));
    expect(view.headlineMonth).toBe(view.months.at(-2)?.period);
    expect((await portfolio(app, { headline: to })).headlineMonth).toBe(to);
  });

  it('cuts the trailing twelve months to the headline month by CSM with the KPI service figures and owner names', async () => {
    const view = await portfolio(app, { cut: 'owner' });
    const headline = view.headlineMonth ?? '';
    const kpis = await request(app)
      .get('/api/v1/kpis')
      .query({ from: headline, to: headline, period: 'trailing-twelve-months', cut: 'owner' })
      .expect(200);
    // By default the headline is the last complete month, so the table's twelve months are complete too.
    expect(headline).toBe(view.months.at(-2)?.period);
    expect(view.groups.period).toBe(`T12M-${headline}`);
    expect(view.groups.rows.every((row) => !row.partial)).toBe(true);
    expect(view.groups.rows).toHaveLength(kpis.body.groups.length);
    for (const group of kpis.body.groups as { group: string | null; periods: Record<string, unknown>[] }[]) {
      const {
        key: _key,
        label: _label,
        ...figures
      } = view.groups.rows.find((candidate) => candidate.key === group.group) ?? { key: null, label: '' };
      expect(figures, String(group.group)).toEqual(group.periods[0]);
    }
    // Hannah Schmidt (61200104) owns 1001-1003 in the small portfolio.
    expect(view.groups.rows.find((row) => row.key === '61200104')?.label).toBe('Hannah Schmidt');
    const tiers = await portfolio(app, { cut: 'tier' });
    expect(tiers.groups.cut).toBe('tier');
    // Asked for the running month, the table follows it, to date.
    const running = await portfolio(app, { cut: 'owner', headline: to });
    expect(running.groups.period).toBe(`T12M-${to}`);
    expect(running.groups.rows.every((row) => row.partial)).toBe(true);
  });

  it('cuts by lifecycle stage like the KPI API, each stage in words', async () => {
    const view = await portfolio(app, { cut: 'lifecycle_stage' });
    const kpis = await request(app)
      .get('/api/v1/kpis')
      .query({
        from: view.headlineMonth,
        to: view.headlineMonth,
        period: 'trailing-twelve-months',
        cut: 'lifecycle_stage',
      })
      .expect(200);
    expect(view.groups.cut).toBe('lifecycle_stage');
    expect(view.groups.rows.map((row) => row.key).sort()).toEqual(
      kpis.body.groups.map((group: { group: string | null }) => group.group).sort(),
    );
    expect(view.groups.rows.map((row) => row.label)).toContain('Customer');
  });

  it('counts health bands from the stored daily scores, today and per month', async () => {
    const view = await portfolio(app);
    expect(view.health.scoredOn).toBe(today);
    const { red, yellow, green } = view.health.today;
    expect(red + yellow + green).toBe(await countScoresOn(handle.db, portalId, today));
    expect(view.health.byMonth.map((month) => month.scoredOn)).toEqual(
      [...new Set([addDays(today, -60), addDays(today, -30), today])].sort(),
    );
    for (const month of view.health.byMonth)
      expect(month.red + month.yellow + month.green).toBe(await countScoresOn(handle.db, portalId, month.scoredOn));
  });

  it('gives the alert list of GET /api/v1/alerts and the onboarding funnel of the scored companies', async () => {
    const view = await portfolio(app);
    const alerts = await request(app).get('/api/v1/alerts').expect(200);
    expect(view.alerts.total).toBe(alerts.body.results.length);
    expect(view.alerts.items.map((item) => item.companyId)).toEqual(
      alerts.body.results.map((row: { companyId: string }) => row.companyId),
    );
    const stages = Object.values(view.onboarding.stages).reduce((sum, count) => sum + count, 0);
    expect(stages).toBe(await countScoresOn(handle.db, portalId, today));
    // The cohorts' completions are among all completions; an onboarding of a company that left is neither.
    const cohortsCompleted = view.onboarding.cohorts.reduce((sum, cohort) => sum + cohort.completed, 0);
    expect(cohortsCompleted).toBeLessThanOrEqual(view.onboarding.measured);
  });

  it('counts a CSM action on an alerted company as an alert acted on', async () => {
    const before = await portfolio(app);
    const criterion = (view: ManagerPortfolioPayload) =>
      view.maturity.criteria.find((item) => item.key === 'alerts_acted_on')?.evidence ?? '';
    const acted = (view: ManagerPortfolioPayload) => Number(/^(\d+) of/.exec(criterion(view))?.[1] ?? 0);
    const alerted = before.alerts.items[0];
    if (!alerted) throw new Error('the small portfolio raises no alert');
    // Acting today counts when the company's first alert of the window is at most 7 days old.
    const [first] = await queryRows(
      handle.db,
      sql`select min(score_date)::text as day from health_scores where portal_id = ${portalId} and company_id = ${alerted.companyId}
        and score_date >= ${`${from}-01`}::date and jsonb_array_length(alerts) > 0`,
      z.object({ day: z.string() }),
    );
    const withinWindow = first !== undefined && addDays(first.day, 7) >= today;
    await request(app).post(`/api/v1/companies/${alerted.companyId}/stage`).send({ stage: 'operation' }).expect(200);
    const after = await portfolio(app);
    expect(acted(after)).toBe(acted(before) + (withinWindow ? 1 : 0));
    expect(criterion(after)).toContain('within 7 days of their first alert');
    expect(after.maturity.criteria.find((item) => item.key === 'actions_recorded')?.evidence).toMatch(/\b1 stages set/);
    expect(after.maturity.stages.map((stage) => stage.stage)).toEqual([
      'reactive',
      'insight_and_action',
      'outcome',
      'transformation',
    ]);
    expect(after.maturity.context).toContain('+11');
  });

  it.each([
    [{ from: '2026-13' }, 'from'],
    [{ to: 'last-month' }, 'to'],
    [{ from: '2026-05', to: '2026-04' }, 'to'],
    [{ from: '2020-01', to: '2026-01' }, 'to'],
    [{ cut: 'lifecycle' }, 'cut'],
    [{ portalId: '-1' }, 'portalId'],
  ])('answers 400 naming the field for %j', async (query, field) => {
    const response = await request(app).get(managerApiPath).query(query).expect(400);
    expect(response.body.error.code).toBe('validation_failed');
    expect(response.body.error.details.fields.map((problem: { field: string }) => problem.field)).toContain(field);
  });

  it('serves the home page through hubspot.fetch only with a valid signature, for the signed portal', async () => {
    const clientSecret = 'manager-test-secret';
    const publicUrl = 'https://cs.example.com';
    const signedApp = createApp({
      apiAuth: 'open',
      db: handle.db,
      logger,
      modules: [managerModule({ preview: false, clientSecret, publicUrl })],
    });
    const signedGet = (pathAndQuery: string, secret = clientSecret) => {
      const timestamp = String(Date.now());
      return request(signedApp)
        .get(pathAndQuery)
        .set('x-hubspot-request-timestamp', timestamp)
        .set('x-hubspot-signature-v3', signatureV3(secret, 'GET', `${publicUrl}${pathAndQuery}`, '', timestamp));
    };
    const signed = await signedGet(`${managerHomePath}?cut=owner&portalId=${portalId}&userId=7`).expect(200);
    expect(managerPortfolioPayloadSchema.parse(signed.body).portalId).toBe(portalId);
    await signedGet(`${managerHomePath}?portalId=${portalId}`, 'another-secret').expect(401);
    await request(signedApp).get(`${managerHomePath}?portalId=${portalId}`).expect(401);
    await signedGet(`${managerHomePath}?portalId=424242`).expect(404);
  });

  it('counts the usage events that match no company, with how to fix it', async () => {
    const before = (await portfolio(app)).unmatchedEvents;
    expect(before.hint).toContain('cs_account_id');
    await insertPendingEvents(handle.db, [
      {
        portalId,
        messageId: 'unmatched-1',
        accountId: 'acct-unknown',
        userId: 'u1',
        event: 'login',
        occurredAt: new Date(),
      },
      {
        portalId,
        messageId: 'unmatched-2',
        accountId: 'acct-unknown',
        userId: 'u2',
        event: 'login',
        occurredAt: new Date(),
      },
    ]);
    expect((await portfolio(app)).unmatchedEvents.count).toBe(before.count + 2);
  });

  it("lists one CSM's alerted companies with csmId, and one HubSpot owner's with ownerId", async () => {
    type Alerted = { companyId: string; ownerId: string | null; csmId: string | null };
    const alertsOf = async (query: Record<string, string> = {}) =>
      (await request(app).get('/api/v1/alerts').query(query).expect(200)).body.results as Alerted[];
    const [alerted] = await alertsOf();
    if (alerted === undefined) throw new Error('the small portfolio raises no alert');
    const csm = 'csm-of-the-alerts-test';
    await assignCsmAtHandoff(handle.db, portalId, alerted.companyId, csm);
    const all = await alertsOf();
    expect(all.find((row) => row.companyId === alerted.companyId)).toMatchObject({
      csmId: csm,
      ownerId: alerted.ownerId,
    });
    expect(await alertsOf({ csmId: csm })).toEqual([expect.objectContaining({ companyId: alerted.companyId })]);
    if (alerted.ownerId !== null) {
      expect((await alertsOf({ ownerId: alerted.ownerId })).map((row) => row.companyId)).toContain(alerted.companyId);
      expect((await alertsOf({ csmId: alerted.ownerId })).map((row) => row.companyId)).not.toContain(alerted.companyId);
      expect(await alertsOf({ csmId: csm, ownerId: alerted.ownerId })).toHaveLength(1);
    }
    await request(app).get('/api/v1/alerts').query({ csmId: '' }).expect(400);
  });

  it('answers 404 for a portal that was never synced', async () => {
    await request(app).get(managerApiPath).query({ portalId: '424242' }).expect(404);
  });
});
