import request from 'supertest';
import type { Express } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/config/logger';
import type { DatabaseHandle } from '../../src/db/client';
import { createApp } from '../../src/http/app';
import { loadFixtureFile } from '../../src/sandbox/load-fixture';
import { companyIds, expectedContracts, smallPortfolioPath } from '../fixtures/small-portfolio.expected';
import { databaseTargets } from '../support/databases';
import { seedFixtureRecords } from '../support/seed-fixture';

const logger = createLogger('silent');

function expectedMrrCents(companyId: string, onDate: string): number {
  return expectedContracts
    .filter((contract) => contract.companyId === companyId && contract.startDate <= onDate && onDate < contract.endDate)
    .reduce((sum, contract) => sum + contract.mrrCents, 0);
}

describe.each(databaseTargets)('GET /api/v1/companies on $name', (target) => {
  let handle: DatabaseHandle;
  let app: Express;
  let companyCount: number;

  beforeAll(async () => {
    const fixture = await loadFixtureFile(smallPortfolioPath.pathname);
    companyCount = fixture.companies.length;
    handle = await target.open();
    await seedFixtureRecords(handle.db, fixture);
    app = createApp({ apiAuth: 'open', db: handle.db, logger });
  });
  afterAll(async () => handle.close());

  it('lists every synced company with owner, customer status, MRR and ARR on the given day', async () => {
    const onDate = '2026-04-25';
    const response = await request(app).get('/api/v1/companies').query({ asOf: onDate }).expect(200);
    expect(response.body.results).toHaveLength(companyCount);
    expect(response.body.asOf).toBe(onDate);
    for (const company of response.body.results) {
      const cents = expectedMrrCents(company.id, onDate);
      expect(company.mrr, company.id).toBe(cents / 100);
      expect(company.arr, company.id).toBe((cents * 12) / 100);
      if (cents > 0) expect(company.customerStatus).toBe('customer');
    }
    const alder = response.body.results.find((company: { id: string }) => company.id === companyIds.alder);
    expect(alder).toMatchObject({ mrr: 1250, arr: 15000, customerStatus: 'customer' });
    expect(alder.owner).toMatchObject({ id: expect.any(String), name: expect.any(String) });
  });

  it('pages with limit and paging.next.after without skipping or repeating a company', async () => {
    const seen: string[] = [];
    let after: string | undefined;
    do {
      const response = await request(app)
        .get('/api/v1/companies')
        .query({ limit: 3, ...(after ? { after } : {}) })
        .expect(200);
      expect(response.body.results.length).toBeLessThanOrEqual(3);
      seen.push(...response.body.results.map((company: { id: string }) => company.id));
      after = response.body.paging?.next.after;
    } while (after);
    expect(seen).toHaveLength(companyCount);
    expect(new Set(seen).size).toBe(companyCount);
  });

  it.each([
    [{ limit: '0' }, 'limit'],
    [{ limit: 'many' }, 'limit'],
    [{ asOf: '2026-02-30' }, 'asOf'],
    [{ portalId: '-4' }, 'portalId'],
  ])('answers 400 naming the field for %j', async (query, field) => {
    const response = await request(app).get('/api/v1/companies').query(query).expect(400);
    expect(response.body.error.code).toBe('validation_failed');
    expect(response.body.error.details.fields.map((problem: { field: string }) => problem.field)).toContain(field);
  });

  it('answers 404 for a portal that was never synced', async () => {
    const response = await request(app).get('/api/v1/companies').query({ portalId: 424242 }).expect(404);
    expect(response.body.error.code).toBe('not_found');
  });
});
