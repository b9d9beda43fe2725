import type { Express } from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/config/logger';
import type { DatabaseHandle } from '../../src/db/client';
import { computeCohortRetention } from '../../src/domain/kpi/cohort-retention';
import type { KpiInput } from '../../src/domain/kpi/kpi-input';
import { createApp } from '../../src/http/app';
import { cohortModule } from '../../src/http/routes/cohort-routes';
import { loadFixtureFile } from '../../src/sandbox/load-fixture';
import { toCohortGroupReports } from '../../src/services/kpi/cohort-report';
import { smallPortfolioPath } from '../fixtures/small-portfolio.expected';
import { databaseTargets } from '../support/databases';
import { domainInput, loadPortfolio } from './load-portfolio';

const logger = createLogger('silent');

describe.each(databaseTargets)('GET /api/v1/cohorts on $name', (target) => {
  let handle: DatabaseHandle;
  let app: Express;
  let input: KpiInput;

  beforeAll(async () => {
    handle = await target.open();
    const fixture = await loadFixtureFile(smallPortfolioPath.pathname);
    const portal = await loadPortfolio(handle.db, fixture);
    input = await domainInput(handle.db, portal.id, fixture);
    app = createApp({ apiAuth: 'open', db: handle.db, logger, modules: [cohortModule()] });
  });
  afterAll(async () => handle.close());

  it('answers the triangle the domain reference computes, in major units and percent, as of today', async () => {
    const response = await request(app).get('/api/v1/cohorts').query({ from: '2025-01', to: '2026-12' }).expect(200);
    expect(response.body).toMatchObject({ portalId: 9990002, currency: 'USD', from: '2025-01', to: '2026-12' });
    const asOfDate = response.body.asOfDate as string;
    const [expected] = toCohortGroupReports(
      computeCohortRetention(input, { from: '2025-01', to: '2026-12', asOfDate }),
      2,
    );
    expect(response.body.cohorts).toEqual(expected?.cohorts);
    expect((response.body.cohorts as unknown[]).length).toBeGreaterThan(0);
  });

  it('cuts by owner, every group the reference has', async () => {
    const response = await request(app)
      .get('/api/v1/cohorts')
      .query({ from: '2025-06', to: '2026-08', cut: 'owner' })
      .expect(200);
    const expected = toCohortGroupReports(
      computeCohortRetention(input, {
        from: '2025-06',
        to: '2026-08',
        asOfDate: response.body.asOfDate as string,
        cut: 'owner',
      }),
      2,
    );
    expect(response.body).toMatchObject({ cut: 'owner' });
    expect(response.body.groups).toEqual(expected);
  });

  it('names the field of a bad query', async () => {
    const tooLong = await request(app).get('/api/v1/cohorts').query({ from: '2022-01', to: '2025-01' }).expect(400);
    expect(JSON.stringify(tooLong.body)).toContain('at most 36');
    expect(JSON.stringify(tooLong.body)).toContain('to');
    const badCut = await request(app)
      .get('/api/v1/cohorts')
      .query({ from: '2025-01', to: '2025-03', cut: 'lifecycle_stage' })
      .expect(400);
    expect(JSON.stringify(badCut.body)).toContain('cut');
    await request(app).get('/api/v1/cohorts').query({ from: '2025-13', to: '2026-01' }).expect(400);
  });
});
