import { beforeAll, describe, expect, it } from 'vitest';
import { generateDemoPortfolio } from '../../src/sandbox/demo/generate-demo-portfolio';
import { fixtureSurveySchema, fixtureUsageEventSchema, type Fixture } from '../../src/sandbox/fixture-schema';
import { companyMrrOn, referenceContracts, type ReferenceContract } from './reference-contracts';

// 120 days before the default as-of date (2026-11-01): the generator's usage window.
const windowStart = '2026-07-04';
let fixture: Fixture;
let contracts: ReferenceContract[];

beforeAll(() => {
  fixture = generateDemoPortfolio();
  contracts = referenceContracts(fixture);
});

function coreSeatsOn(companyId: string, date: string): number {
  return contracts
    .filter(
      (contract) =>
        contract.companyId === companyId &&
        contract.product === 'core' &&
        contract.startDate <= date &&
        date < contract.endDate,
    )
    .reduce((sum, contract) => sum + (contract.seats ?? 0), 0);
}

describe('demo usage events', () => {
  it('are well formed, in the last 120 days and only while the company is a customer', () => {
    expect(fixture.usageEvents.length).toBeGreaterThan(10_000);
    const customerDays = new Map<string, boolean>();
    const isCustomer = (companyId: string, day: string) => {
      const key = `${companyId}/${day}`;
      if (!customerDays.has(key)) customerDays.set(key, companyMrrOn(contracts, companyId, day) > 0);
      return customerDays.get(key);
    };
    const invalid = fixture.usageEvents.filter((event) => {
      const day = event.timestamp.slice(0, 10);
      return (
        !fixtureUsageEventSchema.safeParse(event).success ||
        day < windowStart ||
        day >= '2026-11-01' ||
        !isCustomer(event.companyId, day)
      );
    });
    expect(invalid).toEqual([]);
  });

  it('use a catalog of features, with and without session ids', () => {
    const features = new Set(fixture.usageEvents.map((event) => event.event));
    for (const feature of [
      'dashboard.view',
      'report.create',
      'automation.run',
      'integration.sync',
      'analytics.query',
      'export.csv',
    ]) {
      expect(features).toContain(feature);
    }
    expect(fixture.usageEvents.some((event) => event.sessionId === undefined)).toBe(true);
    expect(
      fixture.usageEvents.some((event) => event.sessionId !== undefined && event.durationSeconds !== undefined),
    ).toBe(true);
  });

  it('have no more users per company than its seats', () => {
    const users = new Map<string, Set<string>>();
    for (const event of fixture.usageEvents)
      users.set(event.companyId, (users.get(event.companyId) ?? new Set()).add(event.userId));
    for (const [companyId, companyUsers] of users) {
      let maximumSeats = 0;
      for (let day = 0; day < 120; day += 1) {
        const date = new Date(Date.parse(`${windowStart}T00:00:00Z`) + day * 86_400_000).toISOString().slice(0, 10);
        maximumSeats = Math.max(maximumSeats, coreSeatsOn(companyId, date));
      }
      expect(companyUsers.size).toBeLessThanOrEqual(maximumSeats);
    }
  });

  it('vary from barely used to heavily used accounts', () => {
    const lastMonth = fixture.usageEvents.filter((event) => event.timestamp >= '2026-10-02');
    const utilization = fixture.companies
      .filter((company) => companyMrrOn(contracts, company.id, '2026-10-31') > 0)
      .map((company) => {
        const users = new Set(lastMonth.filter((event) => event.companyId === company.id).map((event) => event.userId));
        return users.size / Math.max(1, coreSeatsOn(company.id, '2026-10-31'));
      });
    expect(utilization.filter((share) => share < 0.2).length).toBeGreaterThanOrEqual(10);
    expect(utilization.filter((share) => share >= 0.7).length).toBeGreaterThanOrEqual(10);
  });
});

describe('demo surveys', () => {
  it('are NPS and CSAT answers from the last year, from customers', () => {
    const kinds = new Set(fixture.surveys.map((survey) => survey.kind));
    expect([...kinds].sort()).toEqual(['csat', 'nps']);
    for (const survey of fixture.surveys) {
      expect(fixtureSurveySchema.safeParse(survey).success).toBe(true);
      const day = survey.submittedAt.slice(0, 10);
      expect(day >= '2025-11-01' && day < '2026-11-01').toBe(true);
      expect(companyMrrOn(contracts, survey.companyId, day)).toBeGreaterThan(0);
    }
    const npsScores = new Set(fixture.surveys.filter((survey) => survey.kind === 'nps').map((survey) => survey.score));
    expect(npsScores.has(10) && npsScores.has(9) && [0, 1, 2, 3, 4, 5, 6].some((score) => npsScores.has(score))).toBe(
      true,
    );
  });
});
