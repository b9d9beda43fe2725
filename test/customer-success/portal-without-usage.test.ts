import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { queryRows } from '../../src/db/repositories/query-rows';
import type { DatabaseHandle } from '../../src/db/client';
import { listAlertRows } from '../../src/db/repositories/customer-success-health-repository';
import { findPortal } from '../../src/db/repositories/portals-repository';
import { addDays } from '../../src/domain/time/calendar-date';
import { instantToLocalDate } from '../../src/domain/time/time-zone';
import { generateDemoPortfolio } from '../../src/sandbox/demo/generate-demo-portfolio';
import type { RunningSandbox } from '../../src/sandbox/server';
import { noPortalUsage } from '../../src/services/card/adoption-section';
import { loadCompanyCard } from '../../src/services/card/company-card-service';
import { companySuccessService } from '../../src/services/card/customer-success-adapter';
import { recomputeHealth } from '../../src/services/customer-success/recompute-health';
import { playbookDefinitionSchema } from '../../src/domain/playbooks/playbook-schema';
import { previewPlaybook } from '../../src/services/playbooks/playbook-preview';
import { loadManagerPortfolio } from '../../src/services/manager/manager-portfolio-service';
import { ingestUsage } from '../card/card-seed';
import { syncPortalOnly } from '../support/demo-sync';
import { openMemoryDatabase } from '../support/pglite-template';

// A real portal's first hour: its CRM is synced, but its product does not send usage to the app yet. Nothing about
// its customers' usage is known, and the app must not report every customer as using none of its seats.
describe('a portal that sends no product usage yet', () => {
  const today = instantToLocalDate(Date.now(), 'UTC');
  const fixture = { ...generateDemoPortfolio({ asOf: today, companies: 60, seed: 11 }), usageEvents: [], surveys: [] };
  const portalId = fixture.portal.id;
  let handle: DatabaseHandle;
  let sandbox: RunningSandbox;
  beforeAll(async () => {
    handle = await openMemoryDatabase();
    sandbox = (await syncPortalOnly(handle.db, fixture)).running;
    await recomputeHealth(handle.db, portalId, today);
  }, 120_000);
  afterAll(async () => {
    await sandbox.close();
    await handle.close();
  });

  const customerIds = async () =>
    (
      await queryRows(
        handle.db,
        sql`select company_id from health_scores where portal_id = ${portalId} and score_date = ${today}::date
          order by company_id`,
        z.object({ company_id: z.string() }),
      )
    ).map((row) => row.company_id);
  const cardOf = async (companyId: string) => {
    const portal = await findPortal(handle.db, portalId);
    if (!portal) throw new Error('the portal was not synced');
    return loadCompanyCard({ db: handle.db, portal, companyId, asOf: today, success: companySuccessService });
  };

  it('raises no low seat utilization alert for customers whose usage nobody has measured', async () => {
    expect((await customerIds()).length).toBeGreaterThan(20);
    const rows = await listAlertRows(handle.db, portalId, today);
    expect(rows.flatMap((row) => row.alerts).filter((alert) => alert.kind === 'low_seat_utilization')).toEqual([]);
  });

  it('shows the adoption figures as unknown on the card, with the reason, as the health score leaves usage out', async () => {
    const [companyId] = await customerIds();
    const card = await cardOf(companyId ?? '');
    const unknown = { current: null, previous: null, missingReason: noPortalUsage };
    expect(card.adoption).toMatchObject({
      activeUsers: unknown,
      seatUtilizationPercent: unknown,
      meanSessionMinutes: unknown,
      featureBreadth: unknown,
    });
    expect(card.adoption.seats).toBeGreaterThan(0);
    expect(noPortalUsage).toBe('no product usage has reached the app from this portal in the last 60 days');
    expect(card.health?.leftOut.map((left) => left.component)).toContain('usage');
  });

  // A team's own playbook on adoption, previewed before it is turned on: it would open a run (and a task) for every
  // customer if active users were 0 rather than unknown.
  const lowAdoption = playbookDefinitionSchema.parse({
    name: 'Low adoption',
    trigger: { kind: 'custom', conditions: [{ source: 'kpi', name: 'activeUsers', operator: 'lte', value: 0 }] },
    steps: [{ kind: 'note', body: 'Adoption is low.' }],
  });

  it('opens no run of a playbook filtering on active users, which nobody has measured', async () => {
    expect((await previewPlaybook(handle.db, { id: portalId }, lowAdoption, today)).entering).toBe(0);
  });

  it("says so in the manager view's health bands", async () => {
    const portal = await findPortal(handle.db, portalId);
    if (!portal) throw new Error('the portal was not synced');
    const view = await loadManagerPortfolio(handle.db, { portal, asOf: today, query: { cut: 'owner' } });
    expect(view.health.scoredOn).toBe(today);
    expect(view.health.usageReceived).toBe(false);
  });

  it('counts zero active users for a customer without usage once the portal sends some, a prospect on trial too', async () => {
    const customers = await customerIds();
    const [prospect] = (
      await queryRows(
        handle.db,
        sql`select c.id from companies c where c.portal_id = ${portalId} and not exists (select 1 from health_scores h
          where h.portal_id = c.portal_id and h.company_id = c.id) order by c.id limit 1`,
        z.object({ id: z.string() }),
      )
    ).map((row) => row.id);
    await ingestUsage(handle.db, portalId, fixture.portal.timeZone, [
      {
        messageId: 'first-event',
        companyId: prospect ?? '',
        userId: 'trial-user',
        event: 'dashboard.view',
        occurredAt: Date.parse(`${addDays(today, -2)}T12:00:00Z`),
        sessionId: null,
        durationSeconds: 60,
        properties: {},
      },
    ]);
    await recomputeHealth(handle.db, portalId, today);
    const card = await cardOf(customers[0] ?? '');
    expect(card.adoption.activeUsers).toEqual({ current: 0, previous: 0, missingReason: null });
    expect(card.adoption.seatUtilizationPercent.current).toBe(0);
    expect(card.health?.leftOut.map((left) => left.component)).not.toContain('usage');
    const alerts = (await listAlertRows(handle.db, portalId, today)).flatMap((row) => row.alerts);
    expect(alerts.some((alert) => alert.kind === 'low_seat_utilization')).toBe(true);
    const portal = await findPortal(handle.db, portalId);
    if (!portal) throw new Error('the portal was not synced');
    expect(
      (await loadManagerPortfolio(handle.db, { portal, asOf: today, query: { cut: 'owner' } })).health.usageReceived,
    ).toBe(true);
    expect((await previewPlaybook(handle.db, { id: portalId }, lowAdoption, today)).entering).toBe(customers.length);
  });
});
