import type { Express } from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { managerPortfolioPayloadSchema } from '../../extensions/app/pages/shared/manager-payload';
import { createLogger } from '../../src/config/logger';
import type { DatabaseHandle } from '../../src/db/client';
import { computeCohortRetention } from '../../src/domain/kpi/cohort-retention';
import { createApp } from '../../src/http/app';
import { cohortModule } from '../../src/http/routes/cohort-routes';
import { managerApiPath, managerModule } from '../../src/http/routes/manager-routes';
import { loadFixtureFile } from '../../src/sandbox/load-fixture';
import { cohortWithoutReasons, toCohortGroupReports } from '../../src/services/kpi/cohort-report';
import { smallPortfolioPath } from '../fixtures/small-portfolio.expected';
import { domainInput, loadPortfolio } from '../kpi/load-portfolio';
import { databaseTargets } from '../support/databases';

const logger = createLogger('silent');

describe.each(databaseTargets)("the manager view's cohort triangle on $name", (target) => {
  let handle: DatabaseHandle;
  let app: Express;
  let reference: (from: string, to: string, asOfDate: string) => unknown;

  beforeAll(async () => {
    handle = await target.open();
    const fixture = await loadFixtureFile(smallPortfolioPath.pathname);
    const portal = await loadPortfolio(handle.db, fixture);
    const input = await domainInput(handle.db, portal.id, fixture);
    reference = (from, to, asOfDate) =>
      toCohortGroupReports(computeCohortRetention(input, { from, to, asOfDate }), 2)[0]?.cohorts.map(
        cohortWithoutReasons,
      ) ?? [];
    app = createApp({
      apiAuth: 'open',
      db: handle.db,
      logger,
      modules: [cohortModule(), managerModule({ preview: false })],
    });
  });
  afterAll(async () => handle.close());

  it('shows the cohorts of its range exactly as GET /api/v1/cohorts and the domain reference give them', async () => {
    const query = { from: '2025-06', to: '2026-08' };
    const view = managerPortfolioPayloadSchema.parse(
      (await request(app).get(managerApiPath).query(query).expect(200)).body,
    );
    const api = await request(app).get('/api/v1/cohorts').query(query).expect(200);
    expect(view.retention?.cohorts.length).toBeGreaterThan(0);
    expect(view.retention?.cohorts).toEqual(
      (api.body.cohorts as { months: { noValue: unknown }[] }[]).map((cohort) => ({
        ...cohort,
        months: cohort.months.map(({ noValue: _reasons, ...month }) => month),
      })),
    );
    expect(view.retention?.cohorts).toEqual(reference(query.from, query.to, view.asOf));
  });
});
