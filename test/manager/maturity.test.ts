import { describe, expect, it } from 'vitest';
import {
  assessMaturity,
  defaultMaturitySettings,
  maturityContext,
  percentOf,
  type MaturityEvidence,
} from '../../src/domain/maturity';

// A team that does everything: 100 customers, most alerts worked, playbooks running, NRR rising above 100.
const mature: MaturityEvidence = {
  customers: 100,
  alerts: { alertedCompanies: 20, actedOn: 12 },
  csmActions: { stagesSet: 5, milestonesCompleted: 10, suggestionsDismissed: 3, dealsFromSuggestions: 2 },
  playbooks: { runsOpened: 40, runsProgressing: 24, onboardingsOpened: 40, onboardingsCompleted: 24 },
  outcomes: {
    surveyedCustomers: 65,
    monthlyNrr: [99, 100, 101, 102, 103, 104],
    playbooksWithHoldout: 3,
    playbooksMeasured: 1,
    minimumRunsPerGroup: 20,
  },
};

function withEvidence(change: (evidence: MaturityEvidence) => MaturityEvidence): MaturityEvidence {
  return change(structuredClone(mature));
}

describe('assessMaturity (domain §7, seed 004)', () => {
  it('reaches transformation when every criterion is met, with nothing left to do', () => {
    const assessment = assessMaturity(mature);
    expect(assessment.stage).toBe('transformation');
    expect(assessment.criteria.every((criterion) => criterion.met && criterion.next === '')).toBe(true);
    expect(assessment.nextSteps).toEqual([]);
  });

  it.each([
    // 12 of 20 = 60% >= 50%; 9 of 20 = 45% is not: the team stays reactive, whatever else it does.
    [
      '9 of 20 alerted companies acted on',
      (e: MaturityEvidence) => ({ ...e, alerts: { alertedCompanies: 20, actedOn: 9 } }),
      'reactive',
    ],
    [
      'no alert raised at all',
      (e: MaturityEvidence) => ({ ...e, alerts: { alertedCompanies: 0, actedOn: 0 } }),
      'reactive',
    ],
    // 19 actions / 100 customers = 19 per 100 < 20.
    [
      '19 actions per 100 customers',
      (e: MaturityEvidence) => ({
        ...e,
        csmActions: { stagesSet: 4, milestonesCompleted: 10, suggestionsDismissed: 3, dealsFromSuggestions: 2 },
      }),
      'reactive',
    ],
    // 19 of 40 = 47.5% < 50%.
    [
      '19 of 40 playbook runs with a task completed',
      (e: MaturityEvidence) => ({ ...e, playbooks: { ...e.playbooks, runsProgressing: 19 } }),
      'insight_and_action',
    ],
    [
      'no playbook run opened',
      (e: MaturityEvidence) => ({ ...e, playbooks: { ...e.playbooks, runsOpened: 0, runsProgressing: 0 } }),
      'insight_and_action',
    ],
    [
      'no playbook outcome measured against its holdout',
      (e: MaturityEvidence) => ({ ...e, outcomes: { ...e.outcomes, playbooksMeasured: 0 } }),
      'insight_and_action',
    ],
    // 19 of 40 = 47.5% < 50%.
    [
      '19 of 40 onboardings complete',
      (e: MaturityEvidence) => ({ ...e, playbooks: { ...e.playbooks, onboardingsCompleted: 19 } }),
      'insight_and_action',
    ],
    // 29 of 100 = 29% < 30%.
    [
      '29% of customers surveyed',
      (e: MaturityEvidence) => ({ ...e, outcomes: { ...e.outcomes, surveyedCustomers: 29 } }),
      'insight_and_action',
    ],
    // 59% is enough for outcome (30%) but not for transformation (60%).
    [
      '59% of customers surveyed',
      (e: MaturityEvidence) => ({ ...e, outcomes: { ...e.outcomes, surveyedCustomers: 59 } }),
      'outcome',
    ],
    // Earlier half mean (104+103+102)/3 = 103 > recent (101+100+99)/3 = 100: falling.
    [
      'NRR falling',
      (e: MaturityEvidence) => ({ ...e, outcomes: { ...e.outcomes, monthlyNrr: [104, 103, 102, 101, 100, 99] } }),
      'outcome',
    ],
    // Rising, but the recent mean (98+98+99)/3 = 98.3 is under 100.
    [
      'NRR rising below 100',
      (e: MaturityEvidence) => ({ ...e, outcomes: { ...e.outcomes, monthlyNrr: [95, 96, 97, 98, 98, 99] } }),
      'outcome',
    ],
    // Five known months are not a six-month trend.
    [
      'five months of NRR',
      (e: MaturityEvidence) => ({ ...e, outcomes: { ...e.outcomes, monthlyNrr: [null, 100, 101, 102, 103, 104] } }),
      'outcome',
    ],
  ] as const)('%s -> %s', (_name, change, stage) => {
    expect(assessMaturity(withEvidence(change)).stage).toBe(stage);
  });

  it('states each criterion with its numbers, and what to do next only where unmet', () => {
    const assessment = assessMaturity(withEvidence((e) => ({ ...e, alerts: { alertedCompanies: 20, actedOn: 9 } })));
    const alerts = assessment.criteria.find((criterion) => criterion.key === 'alerts_acted_on');
    expect(alerts).toMatchObject({
      met: false,
      label: 'Data-driven alerts are acted on within 7 days',
      evidence:
        '9 of 20 alerted companies (45%) had a CSM action within 7 days of their first alert (a company first alerted in the last 7 days counts once acted on)',
    });
    expect(alerts?.next).toContain('at least 50% of alerted companies within 7 days');
    expect(assessMaturity(mature, { ...defaultMaturitySettings, alertActionDays: 14 }).criteria[0]?.label).toBe(
      'Data-driven alerts are acted on within 14 days',
    );
    expect(assessment.criteria.find((criterion) => criterion.key === 'playbooks_run')?.evidence).toBe(
      '24 of 40 playbook runs opened (60%) have a task completed',
    );
    expect(assessment.criteria.find((criterion) => criterion.key === 'outcomes_tracked')).toMatchObject({
      stage: 'outcome',
      evidence: '1 of 3 playbooks with a holdout have enough runs (20 treated and 20 held out) to compare outcomes',
    });
    expect(assessment.criteria.find((criterion) => criterion.key === 'actions_recorded')).toMatchObject({
      met: true,
      next: '',
      evidence:
        '20 CSM actions recorded (5 stages set, 10 milestones completed, 3 suggestions dismissed, 2 deals created from suggestions): 20 per 100 customers',
    });
    expect(assessment.nextSteps).toEqual([alerts?.next]);
  });

  it('lists the next stage unmet criteria as next steps', () => {
    const assessment = assessMaturity(
      withEvidence((e) => ({ ...e, outcomes: { ...e.outcomes, surveyedCustomers: 29 } })),
    );
    expect(assessment.stage).toBe('insight_and_action');
    expect(assessment.nextSteps).toHaveLength(1);
    expect(assessment.nextSteps[0]).toContain('30% of customers');
  });

  it('says there is nothing to take a share of instead of dividing by zero', () => {
    const empty: MaturityEvidence = {
      customers: 0,
      alerts: { alertedCompanies: 0, actedOn: 0 },
      csmActions: { stagesSet: 0, milestonesCompleted: 0, suggestionsDismissed: 0, dealsFromSuggestions: 0 },
      playbooks: { runsOpened: 0, runsProgressing: 0, onboardingsOpened: 0, onboardingsCompleted: 0 },
      outcomes: {
        surveyedCustomers: 0,
        monthlyNrr: [],
        playbooksWithHoldout: 0,
        playbooksMeasured: 0,
        minimumRunsPerGroup: 20,
      },
    };
    const assessment = assessMaturity(empty);
    expect(assessment.stage).toBe('reactive');
    expect(assessment.criteria.find((criterion) => criterion.key === 'playbooks_run')?.evidence).toBe(
      'No playbook run opened in the window',
    );
    expect(assessment.criteria.find((criterion) => criterion.key === 'outcomes_tracked')?.evidence).toBe(
      'No playbook holds companies out, so no outcome can be compared',
    );
    expect(assessment.criteria.find((criterion) => criterion.key === 'nrr_rising')?.evidence).toBe(
      'NRR known for 0 month(s); a trend needs 6',
    );
    expect(percentOf(1, 3)).toBe(33.3);
    expect(percentOf(1, 0)).toBeNull();
  });

  it('gives seed 004 NRR uplift as context only', () => {
    expect(maturityContext).toMatch(/\+3 points.*\+4.*\+11/);
    expect(maturityContext).toContain('not a forecast');
  });
});
