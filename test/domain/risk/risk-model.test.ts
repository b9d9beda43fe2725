import { describe, expect, it } from 'vitest';
import { companySnapshot } from '../../../src/domain/risk/company-snapshot';
import type { CompanyHistory } from '../../../src/domain/risk/company-history';
import { riskFeatures, type RiskFeatures } from '../../../src/domain/risk/risk-features';
import { churnProbability, riskDrivers, trainRiskModel } from '../../../src/domain/risk/risk-model';

const empty: RiskFeatures = {
  seatUtilization: null,
  activeUserTrend: null,
  engagementVsBaseline: null,
  featuresUsed: null,
  npsScore: null,
  csatScore: null,
  milestonesBehind: null,
  tenureYears: null,
  mrrChange90Days: null,
  downgradesLastYear: null,
  healthScore: null,
  healthChange30Days: null,
};

// Low utilization churns, high does not; NPS carries no signal.
const examples = Array.from({ length: 200 }, (_, index) => ({
  features: { ...empty, seatUtilization: (index % 10) / 10, npsScore: index % 11 },
  churned: index % 10 < 3 ? index % 4 !== 0 : index % 17 === 0,
}));

const history: CompanyHistory = {
  companyId: 'c1',
  contracts: [
    {
      dealId: 'd1',
      companyId: 'c1',
      kind: 'new',
      product: 'core',
      mrrMinor: 50_000,
      startDate: '2025-01-01',
      endDate: '2026-01-01',
      seats: 10,
      closeDate: '2024-12-20',
    },
  ],
  usageDays: [{ day: '2025-09-20', users: ['u1'], features: ['reports'], sessionMinutes: 30 }],
  surveys: [{ kind: 'nps', score: 4, submittedOn: '2025-08-01' }],
  handoffDate: null,
  milestones: [],
  healthScores: [],
};

describe('risk model', () => {
  const model = trainRiskModel(examples);

  it('learns that low seat utilization raises churn risk', () => {
    expect(model.converged).toBe(true);
    expect(churnProbability(model, { ...empty, seatUtilization: 0.1 })).toBeGreaterThan(
      churnProbability(model, { ...empty, seatUtilization: 0.9 }),
    );
    // A company with no data gets about the training churn rate.
    expect(Math.abs(churnProbability(model, empty) - model.trainingChurnRate)).toBeLessThan(0.1);
  });

  it("explains a prediction with its drivers in a CSM's words, largest push first", () => {
    const snapshot = companySnapshot(history, '2025-10-01');
    const drivers = riskDrivers(model, riskFeatures(snapshot), snapshot);
    expect(drivers[0]).toMatchObject({
      feature: 'seatUtilization',
      effect: 'raises risk',
      explanation: '1 of 10 seats used in the last 30 days (10%)',
    });
    for (let index = 1; index < drivers.length; index += 1) {
      expect(Math.abs(drivers[index]?.contribution ?? 0)).toBeLessThanOrEqual(
        Math.abs(drivers[index - 1]?.contribution ?? 0),
      );
    }
    // A missing feature is never a driver.
    expect(drivers.map((driver) => driver.feature)).not.toContain('csatScore');
  });
});
