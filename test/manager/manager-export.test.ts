import { sql } from 'drizzle-orm';
import { assignCsmAtHandoff } from '../support/csm-assignment';
import type { Express } from 'express';
import request from 'supertest';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  managerPortfolioPayloadSchema,
  type ManagerPortfolioPayload,
} from '../../extensions/app/pages/shared/manager-payload';
import { createLogger } from '../../src/config/logger';
import type { DatabaseHandle } from '../../src/db/client';
import { upsertCompanies } from '../../src/db/repositories/companies-repository';
import { openNewRuns } from '../../src/db/repositories/playbook-runs-repository';
import { addDays } from '../../src/domain/time/calendar-date';
import { createApp } from '../../src/http/app';
import { managerExportModule } from '../../src/http/routes/manager-export-routes';
import { managerApiPath, managerModule } from '../../src/http/routes/manager-routes';
import { loadFixtureFile } from '../../src/sandbox/load-fixture';
import { recomputeHealth } from '../../src/services/customer-success/recompute-health';
import { instantToLocalDate } from '../../src/domain/time/time-zone';
import { smallPortfolioPath } from '../fixtures/small-portfolio.expected';
import { loadPortfolio } from '../kpi/load-portfolio';
import { databaseTargets } from '../support/databases';
import { sendRecentUsage } from '../support/recent-usage';

const logger = createLogger('silent');
const today = instantToLocalDate(Date.now(), 'UTC');
const query = { from: '2025-09', to: '2026-08', cut: 'owner' };

describe.each(databaseTargets)('GET /api/v1/manager/export on $name', (target) => {
  let handle: DatabaseHandle;
  let app: Express;
  let view: ManagerPortfolioPayload;

  beforeAll(async () => {
    handle = await target.open();
    const portal = await loadPortfolio(handle.db, await loadFixtureFile(smallPortfolioPath.pathname));
    // A company name a spreadsheet would run as a formula, as HubSpot could hold it.
    await upsertCompanies(handle.db, [
      { portalId: portal.id, id: '1001', name: '=HYPERLINK("http://evil","Acme")', ownerId: '61200101' },
    ]);
    // Sales (Maya) kept the company; its CSM since the hand-off is Hannah: the manager's tables name Hannah.
    await assignCsmAtHandoff(handle.db, portal.id, '1001', '61200104');
    await sendRecentUsage(handle.db, portal, '1003', [today]);
    await recomputeHealth(handle.db, portal.id, today);
    // An open run for 1001 (one task done, one overdue) and one for a held-out company, which the table leaves out.
    await handle.db.execute(
      sql`insert into playbooks (portal_id, id, definition, created_by, updated_by) values (${portal.id}, 'renewal', ${JSON.stringify({ name: 'Renewal at risk', holdoutPercent: 10 })}::jsonb, 'test', 'test')`,
    );
    const run = (companyId: string, heldOut: boolean) => ({
      portalId: portal.id,
      id: `renewal-${companyId}`,
      playbookId: 'renewal',
      companyId,
      status: 'open' as const,
      heldOut,
      openedOn: addDays(today, -5),
      scoreAtOpen: 40,
      evidence: {},
    });
    await openNewRuns(handle.db, [
      {
        run: run('1001', false),
        steps: [
          {
            position: 0,
            kind: 'task',
            title: 'Call',
            state: 'done',
            taskStatus: 'COMPLETED',
            dueOn: addDays(today, -3),
          },
          {
            position: 1,
            kind: 'task',
            title: 'Plan',
            state: 'done',
            taskStatus: 'NOT_STARTED',
            dueOn: addDays(today, -1),
          },
          { position: 2, kind: 'note', title: 'Note', state: 'done' },
        ],
      },
      { run: run('1002', true), steps: [] },
    ]);
    app = createApp({
      apiAuth: 'open',
      db: handle.db,
      logger,
      modules: [managerModule({ preview: false }), managerExportModule()],
    });
    view = managerPortfolioPayloadSchema.parse((await request(app).get(managerApiPath).query(query).expect(200)).body);
  });
  afterAll(async () => handle.close());

  const download = async (table: string) => {
    const response = await request(app)
      .get('/api/v1/manager/export')
      .query({ ...query, table })
      .expect(200);
    expect(response.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
    expect(response.headers['content-disposition']).toBe(`attachment; filename=${table}-2025-09-2026-08.csv`);
    return { text: response.text, records: parse<Record<string, string>>(response.text, { columns: true }) };
  };

  it('downloads the monthly KPIs, the groups and the cohorts with the figures the view shows', async () => {
    const months = await download('months');
    expect(months.text.split('\r\n')[0]).toBe(
      'period,customersStart,customersEnd,churnedCustomers,customerChurnRate,nrr,grr,startMrr,endMrr',
    );
    expect(
      months.records.map((row) => [row.period, Number(row.endMrr), row.nrr === '' ? null : Number(row.nrr)]),
    ).toEqual(view.months.map((row) => [row.period, row.endMrr, row.nrr]));
    const groups = await download('groups');
    expect(groups.records.map((row) => row.owner)).toEqual(view.groups.rows.map((row) => row.label));
    const cohorts = await download('cohorts');
    const cells = (view.retention?.cohorts ?? []).flatMap((cohort) =>
      cohort.months.map((month) => [cohort.cohort, month.offset, month.customers, month.revenueRetention]),
    );
    expect(cells.length).toBeGreaterThan(0);
    expect(
      cohorts.records.map((row) => [
        row.cohort,
        Number(row.offset),
        Number(row.customers),
        row.revenueRetention === '' ? null : Number(row.revenueRetention),
      ]),
    ).toEqual(cells);
  });

  it('neutralises a company name that is a formula, and quotes what needs quoting', async () => {
    const alerts = await download('alerts');
    expect(alerts.records.length).toBe(view.alerts.items.length);
    const onboarding = await download('onboarding');
    expect(onboarding.records.length).toBe(view.onboarding.cohorts.length);
    // 1001 is on the small portfolio's alert list.
    expect(view.alerts.items.find((item) => item.companyId === '1001')).toMatchObject({
      companyName: '=HYPERLINK("http://evil","Acme")',
      csm: 'Hannah Schmidt',
    });
    expect(alerts.text).toContain('"\'=HYPERLINK(""http://evil"",""Acme"")"');
    expect(alerts.records.find((row) => row.companyId === '1001')?.companyName).toBe(
      '\'=HYPERLINK("http://evil","Acme")',
    );
    expect(alerts.text).not.toMatch(/(^|,)=HYPERLINK/m);
  });

  it('downloads the open playbook runs with their tasks, a formula company name neutralised', async () => {
    expect(view.playbookRuns).toEqual({
      total: 1,
      items: [
        {
          companyId: '1001',
          companyName: '=HYPERLINK("http://evil","Acme")',
          csm: 'Hannah Schmidt',
          playbook: 'Renewal at risk',
          openedOn: addDays(today, -5),
          tasks: 2,
          tasksDone: 1,
          tasksOverdue: 1,
        },
      ],
    });
    const runs = await download('playbook_runs');
    expect(runs.records).toEqual([
      {
        companyId: '1001',
        companyName: '\'=HYPERLINK("http://evil","Acme")',
        playbook: 'Renewal at risk',
        openedOn: addDays(today, -5),
        tasksDone: '1',
        tasks: '2',
        tasksOverdue: '1',
        csm: 'Hannah Schmidt',
      },
    ]);
  });

  it('measures maturity from the playbook runs and the playbooks holding companies out', async () => {
    // The default range ends with the current month, when the runs opened.
    const current = managerPortfolioPayloadSchema.parse((await request(app).get(managerApiPath).expect(200)).body);
    const evidence = (key: string) => current.maturity.criteria.find((criterion) => criterion.key === key)?.evidence;
    expect(evidence('playbooks_run')).toBe('1 of 1 playbook runs opened (100%) have a task completed');
    expect(evidence('outcomes_tracked')).toBe(
      '0 of 1 playbooks with a holdout have enough runs (20 treated and 20 held out) to compare outcomes',
    );
    expect(current.maturity.criteria.find((criterion) => criterion.key === 'outcomes_tracked')?.stage).toBe('outcome');
  });

  it('names a bad table in a 400', async () => {
    const response = await request(app).get('/api/v1/manager/export').query({ table: 'secrets' }).expect(400);
    expect(JSON.stringify(response.body)).toContain('table');
  });
});
