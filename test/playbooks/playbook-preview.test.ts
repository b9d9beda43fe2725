import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/config/logger';
import type { DatabaseHandle } from '../../src/db/client';
import { listOpenRuns } from '../../src/db/repositories/playbook-runs-repository';
import { playbookDefinitionSchema } from '../../src/domain/playbooks/playbook-schema';
import { instantToLocalDate } from '../../src/domain/time/time-zone';
import { generateDemoPortfolio } from '../../src/sandbox/demo/generate-demo-portfolio';
import { evaluatePlaybooks } from '../../src/services/playbooks/evaluate-playbooks';
import { createPlaybook } from '../../src/services/playbooks/playbook-definitions';
import { previewPlaybook } from '../../src/services/playbooks/playbook-preview';
import { databaseTargets } from '../support/databases';
import { ifStarted } from '../support/if-started';
import { seedFixtureDirect } from '../support/seed-fixture';
import { rowsOf } from '../support/sql-rows';

const everyone = playbookDefinitionSchema.parse({
  name: 'Everyone',
  trigger: { kind: 'custom', conditions: [{ source: 'kpi', name: 'score', operator: 'gte', value: 0 }] },
  holdoutPercent: 50,
  steps: [
    { kind: 'task', subject: 'Call {{company}}', body: '{{evidence}}' },
    { kind: 'note', body: '{{evidence}}' },
  ],
});

describe.each(databaseTargets)('a playbook preview on $name', (target) => {
  let handle: DatabaseHandle;
  let portal: { id: number };
  const today = instantToLocalDate(Date.now(), 'UTC');
  const runCount = async () =>
    rowsOf<{ runs: number; steps: number }>(
      await handle.db.execute(
        sql`select (select count(*)::int from playbook_runs) as runs, (select count(*)::int from playbook_run_steps) as steps`,
      ),
    )[0];
  const scored = async () =>
    rowsOf<{ company_id: string; score: number }>(
      await handle.db.execute(
        sql`select company_id, score from health_scores where portal_id = ${portal.id} and score_date = ${today}::date`,
      ),
    );

  beforeAll(async () => {
    handle = await target.open();
    const fixture = generateDemoPortfolio({ asOf: today, companies: 30, seed: 21, years: 1 });
    portal = { id: fixture.portal.id };
    await seedFixtureDirect(handle.db, fixture, today, [today]);
  }, 180_000);
  afterAll(async () => ifStarted(handle)?.close());

  it('counts a new definition as every scored company entering, with its steps by kind, writing nothing', async () => {
    const companies = await scored();
    const preview = await previewPlaybook(handle.db, portal, everyone, today);
    expect(preview).toMatchObject({ asOf: today, entering: companies.length, heldOutIsEstimate: true });
    const treated = preview.entering - preview.heldOut;
    expect(preview.steps).toEqual({ task: treated, note: treated, company_property: 0, webhook: 0 });
    expect(preview.sample).toHaveLength(Math.min(20, companies.length));
    const lowest = companies.map((company) => company.score).sort((left, right) => left - right);
    expect(preview.sample.map((company) => company.score)).toEqual(lowest.slice(0, preview.sample.length));
    expect(preview.sample[0]?.evidence).toMatch(/\w/);
    expect(await runCount()).toEqual({ runs: 0, steps: 0 });
  });

  it('counts only the companies a narrower trigger and audience let in', async () => {
    const red = (await previewPlaybook(handle.db, portal, { ...everyone, trigger: { kind: 'entered_red' } }, today))
      .entering;
    const redCount = rowsOf<{ red: number }>(
      await handle.db.execute(
        sql`select count(*)::int as red from health_scores where portal_id = ${portal.id} and score_date = ${today}::date and band = 'red'`,
      ),
    )[0]?.red;
    expect(red).toBe(redCount);
    expect(red).toBeGreaterThan(0);
    const nobody = await previewPlaybook(
      handle.db,
      portal,
      { ...everyone, audience: { tiers: ['no such tier'] } },
      today,
    );
    expect(nobody).toMatchObject({ entering: 0, heldOut: 0, sample: [] });
  });

  it('for a stored playbook, predicts exactly the runs the evaluation then opens, and none once they are open', async () => {
    const stored = await createPlaybook(handle.db, portal.id, everyone, 'test');
    const preview = await previewPlaybook(handle.db, portal, stored, today, stored.id);
    expect(preview.heldOutIsEstimate).toBe(false);
    expect(preview.entering).toBeGreaterThan(0);
    await evaluatePlaybooks(
      { db: handle.db, logger: createLogger('silent'), now: () => new Date(`${today}T12:00:00Z`) },
      portal.id,
    );
    const runs = (await listOpenRuns(handle.db, portal.id)).filter((run) => run.playbookId === stored.id);
    expect(runs).toHaveLength(preview.entering);
    expect(runs.filter((run) => run.heldOut)).toHaveLength(preview.heldOut);
    expect(preview.sample.every((company) => runs.some((run) => run.companyId === company.companyId))).toBe(true);
    expect(await previewPlaybook(handle.db, portal, stored, today, stored.id)).toMatchObject({ entering: 0 });
  }, 60_000);

  it("counts companies whatever other playbooks' runs they have open", async () => {
    const companies = await scored();
    // Every company now has the stored playbook's run open (the test above): a new definition still sees them all.
    expect((await listOpenRuns(handle.db, portal.id)).length).toBeGreaterThanOrEqual(companies.length);
    const preview = await previewPlaybook(handle.db, portal, { ...everyone, name: 'Another' }, today);
    expect(preview.entering).toBe(companies.length);
  });

  it('says so before the first health run', async () => {
    const preview = await previewPlaybook(handle.db, { id: 999_999 }, everyone, today);
    expect(preview).toMatchObject({ asOf: null, entering: 0, sample: [] });
  });
});
