import { describe, expect, it } from 'vitest';
import type { CompanyHistory } from '../../../src/domain/risk/company-history';
import { companySnapshot } from '../../../src/domain/risk/company-snapshot';
import { riskFeatures, type RiskFeatureName } from '../../../src/domain/risk/risk-features';

const history: CompanyHistory = {
  companyId: 'c1',
  contracts: [
    {
      dealId: 'd1',
      companyId: 'c1',
      kind: 'new',
      product: 'core',
      mrrMinor: 20_000,
      startDate: '2024-06-01',
      endDate: '2025-06-15',
      seats: 10,
      closeDate: '2024-05-20',
    },
    {
      dealId: 'd2',
      companyId: 'c1',
      kind: 'downgrade',
      product: 'core',
      mrrMinor: 10_000,
      startDate: '2025-06-15',
      endDate: '2026-06-15',
      seats: 5,
      closeDate: '2025-06-01',
    },
  ],
  usageDays: [
    // Previous 30 days (2025-07-02 .. 2025-07-31): 4 users; last 30 days (2025-08-01 .. 2025-08-30): 2 users.
    { day: '2025-07-10', users: ['u1', 'u2', 'u3', 'u4'], features: ['a'], sessionMinutes: 400 },
    { day: '2025-08-05', users: ['u1'], features: ['a', 'b'], sessionMinutes: 30 },
    { day: '2025-08-30', users: ['u2'], features: ['c'], sessionMinutes: 30 },
    { day: '2025-08-31', users: ['u9'], features: ['z'], sessionMinutes: 999 },
  ],
  surveys: [
    { kind: 'nps', score: 9, submittedOn: '2025-01-10' },
    { kind: 'nps', score: 5, submittedOn: '2025-06-10' },
    { kind: 'csat', score: 2, submittedOn: '2024-07-01' },
  ],
  handoffDate: '2024-06-01',
  milestones: [
    { dueDate: '2024-06-15', doneOn: '2024-06-10', required: true },
    { dueDate: '2024-07-01', doneOn: null, required: true },
    { dueDate: '2024-07-01', doneOn: null, required: false },
  ],
  healthScores: [
    { day: '2025-07-28', score: 70 },
    { day: '2025-08-27', score: 52 },
  ],
};

describe('risk features as of 2025-08-30', () => {
  const snapshot = companySnapshot(history, '2025-08-30');
  const features = riskFeatures(snapshot);

  it.each<[RiskFeatureName, number | null]>([
    ['seatUtilization', 2 / 5],
    ['activeUserTrend', (2 - 4) / 4],
    ['engagementVsBaseline', 30 / (400 / 4)],
    ['featuresUsed', 3],
    ['npsScore', 5],
    // CSAT older than a year is not read.
    ['csatScore', null],
    ['milestonesBehind', 1],
    ['tenureYears', 455 / 365],
    ['mrrChange90Days', -0.5],
    ['downgradesLastYear', 1],
    // The latest stored score within 7 days, and the one 30 days before.
    ['healthScore', 52],
    ['healthChange30Days', 52 - 70],
  ])('%s', (name, expected) => {
    if (expected === null) expect(features[name]).toBeNull();
    else expect(features[name]).toBeCloseTo(expected, 10);
  });

  it('the next renewal is the end of the contract active that day', () => {
    expect(snapshot.nextRenewalDate).toBe('2026-06-15');
  });
});
