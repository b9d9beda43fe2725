import { describe, expect, it } from 'vitest';
import type { OnboardingStageRow } from '../../src/db/repositories/manager-portfolio-repository';
import type { OnboardingRecord } from '../../src/domain/lifecycle/onboarding';
import { onboardingOverview } from '../../src/services/manager/onboarding-overview';

const milestone = (key: string, doneDate: string | null) => ({
  key,
  label: key,
  required: true,
  dueDate: '2026-06-01',
  doneDate,
});
const done: OnboardingRecord = { handoffDate: '2026-05-01', milestones: [milestone('kickoff', '2026-05-20')] };
const unfinished: OnboardingRecord = { handoffDate: '2026-05-01', milestones: [milestone('kickoff', null)] };

describe('the onboarding overview of the manager view', () => {
  it('counts as open only the unfinished onboardings of customers now or soon, not of companies that left', () => {
    const stages: OnboardingStageRow[] = [
      { companyId: 'done', handoffDate: '2026-05-01', stage: 'operation', contractAhead: true },
      { companyId: 'onboarding', handoffDate: '2026-05-01', stage: 'introduction', contractAhead: true },
      { companyId: 'starts-next-month', handoffDate: '2026-05-01', stage: null, contractAhead: true },
      { companyId: 'left-during-onboarding', handoffDate: '2026-05-01', stage: null, contractAhead: false },
    ];
    const records = new Map<string, OnboardingRecord>([
      ['done', done],
      ['onboarding', unfinished],
      ['starts-next-month', unfinished],
      ['left-during-onboarding', unfinished],
    ]);
    const { payload } = onboardingOverview(stages, records, '2026-08-01', '2026-01', '2026-08');
    expect(payload.measured).toBe(1);
    expect(payload.open).toBe(2);
    // The hand-off cohort still counts every hand-off of the month, the one that left included.
    expect(payload.cohorts).toEqual([expect.objectContaining({ cohort: '2026-05', opened: 4, completed: 1 })]);
  });
});
