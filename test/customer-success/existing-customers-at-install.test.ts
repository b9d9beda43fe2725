import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { queryRows } from '../../src/db/repositories/query-rows';
import type { DatabaseHandle } from '../../src/db/client';
import { listAlertRows } from '../../src/db/repositories/customer-success-health-repository';
import { findPortal } from '../../src/db/repositories/portals-repository';
import { onboardingMilestones, onboardingRecords } from '../../src/db/schema';
import { beforeTrackingActor } from '../../src/domain/lifecycle/onboarding';
import { defaultPlaybooks } from '../../src/domain/playbooks/default-playbooks';
import { playbookDefinitionSchema } from '../../src/domain/playbooks/playbook-schema';
import { addCalendarMonths, addDays, monthOf } from '../../src/domain/time/calendar-date';
import { instantToLocalDate } from '../../src/domain/time/time-zone';
import { generateDemoPortfolio } from '../../src/sandbox/demo/generate-demo-portfolio';
import type { RunningSandbox } from '../../src/sandbox/server';
import { loadCompanyCard } from '../../src/services/card/company-card-service';
import { companySuccessService } from '../../src/services/card/customer-success-adapter';
import { recomputeHealth } from '../../src/services/customer-success/recompute-health';
import { loadFixtureActivity } from '../../src/services/ingestion/fixture-activity';
import { loadManagerPortfolio } from '../../src/services/manager/manager-portfolio-service';
import { previewPlaybook } from '../../src/services/playbooks/playbook-preview';
import { syncPortalOnly } from '../support/demo-sync';
import { openMemoryDatabase } from '../support/pglite-template';

// A real portal's first run: customers of months and years, and nobody has clicked a milestone in this app yet (the
// demo's CSM stand-in, seedDemoOnboarding, is not run).
describe("a portal's existing customers on its first health run", () => {
  const today = instantToLocalDate(Date.now(), 'UTC');
  const fixture = generateDemoPortfolio({ asOf: today, companies: 120, seed: 5 });
  const portalId = fixture.portal.id;
  let handle: DatabaseHandle;
  let sandbox: RunningSandbox;
  beforeAll(async () => {
    handle = await openMemoryDatabase();
    sandbox = (await syncPortalOnly(handle.db, fixture)).running;
    await loadFixtureActivity(handle.db, fixture);
    await recomputeHealth(handle.db, portalId, today);
  }, 120_000);
  afterAll(async () => {
    await sandbox.close();
    await handle.close();
  });

  const records = () => handle.db.select().from(onboardingRecords).where(eq(onboardingRecords.portalId, portalId));
  const milestonesOf = (companyId: string) =>
    handle.db
      .select()
      .from(onboardingMilestones)
      .where(and(eq(onboardingMilestones.portalId, portalId), eq(onboardingMilestones.companyId, companyId)));

  it('records the milestones already due as done before the app, so nobody is flagged for an onboarding of years ago', async () => {
    const old = (await records()).filter((record) => record.handoffDate < addDays(today, -365));
    expect(old.length).toBeGreaterThan(10);
    for (const record of old.slice(0, 10))
      for (const milestone of await milestonesOf(record.companyId)) {
        expect(milestone.doneBy).toBe(beforeTrackingActor);
        expect(milestone.doneAt?.slice(0, 10)).toBe(milestone.dueDate);
      }
    const alerts = await listAlertRows(handle.db, portalId, today);
    expect(alerts.flatMap((row) => row.alerts).filter((alert) => alert.kind === 'milestone_overdue')).toEqual([]);
    const onboardingScores = await queryRows(
      handle.db,
      sql`select distinct (c->>'score')::int as score
        from health_scores h, json_array_elements(h.explanation->'components') c
        where h.portal_id = ${portalId} and h.score_date = ${today}::date and c->>'component' = 'onboarding'`,
      z.object({ score: z.number() }),
    );
    expect(onboardingScores).toEqual([{ score: 100 }]);
    const definition = defaultPlaybooks.find((playbook) => playbook.trigger.kind === 'milestone_overdue');
    const preview = await previewPlaybook(
      handle.db,
      { id: portalId },
      playbookDefinitionSchema.parse(definition),
      today,
    );
    expect(preview.entering).toBe(0);
  });

  it('keeps tracking the milestones of a recent customer that fall due after the first run', async () => {
    const recent = (await records()).find(
      (record) => record.handoffDate > addDays(today, -20) && record.handoffDate < addDays(today, -7),
    );
    expect(recent).toBeDefined();
    const milestones = await milestonesOf(recent?.companyId ?? '');
    expect(
      milestones.filter((milestone) => milestone.dueDate < today).every((m) => m.doneBy === beforeTrackingActor),
    ).toBe(true);
    const later = milestones.filter((milestone) => milestone.dueDate >= today);
    expect(later.length).toBeGreaterThan(0);
    expect(later.every((milestone) => milestone.doneAt === null || milestone.doneBy === 'usage')).toBe(true);
  });

  it('shows the CSM on the card that those milestones were done before the app, with no time to value', async () => {
    const portal = await findPortal(handle.db, portalId);
    const old = (await records()).find((record) => record.handoffDate < addDays(today, -365));
    if (!portal || !old) throw new Error('no portal or no customer of more than a year');
    const card = await loadCompanyCard({
      db: handle.db,
      portal,
      companyId: old.companyId,
      asOf: today,
      success: companySuccessService,
    });
    const onboarding = card.onboarding;
    expect(onboarding?.trackedFromHandoff).toBe(false);
    expect(onboarding?.timeToValueDays).toBeNull();
    expect(onboarding?.stage).not.toBe('introduction');
    expect(
      onboarding?.milestones.every((milestone) => milestone.doneBy === 'Before the app tracked this customer'),
    ).toBe(true);
  });

  it("leaves those onboardings out of the manager view's cohorts and time to value, but counts the open ones", async () => {
    const portal = await findPortal(handle.db, portalId);
    if (!portal) throw new Error('no portal');
    const view = await loadManagerPortfolio(handle.db, { portal, asOf: today, query: { cut: 'owner' } });
    const all = await records();
    const tracked: typeof all = [];
    for (const record of all)
      if ((await milestonesOf(record.companyId)).every((milestone) => milestone.doneBy !== beforeTrackingActor))
        tracked.push(record);
    expect(tracked.length).toBeLessThan(all.length / 4);
    const opened = view.onboarding.cohorts.reduce((sum, cohort) => sum + cohort.opened, 0);
    // The view's cohorts: the hand-off months of the twelve months to this one.
    const firstMonth = addCalendarMonths(monthOf(today), -11);
    expect(opened).toBe(tracked.filter((record) => monthOf(record.handoffDate) >= firstMonth).length);
    // A customer handed off just before the install is still onboarding: open, though without a time to value.
    const stillOpen: typeof all = [];
    for (const record of all)
      if ((await milestonesOf(record.companyId)).some((milestone) => milestone.required && milestone.doneAt === null))
        stillOpen.push(record);
    expect(stillOpen.some((record) => !tracked.includes(record))).toBe(true);
    expect(view.onboarding.open).toBe(stillOpen.length);
    const criterion = view.maturity.criteria.find((entry) => entry.key === 'time_to_value_measured');
    expect(criterion?.evidence).toContain(`of ${tracked.length} onboardings`);
  });
});
