import { describe, expect, it } from 'vitest';
import { onboardingCompletion } from '../../../src/domain/kpi/onboarding-completion';
import { roundForDisplay } from '../../../src/domain/kpi/kpi-value';
import { customerSatisfaction, netPromoterScore } from '../../../src/domain/kpi/survey-scores';
import { monthPeriod } from '../../../src/domain/time/periods';
import type { SurveyResponse } from '../../../src/domain/kpi/kpi-input';
import { fraction } from './kpi-fixtures';

const march = monthPeriod('2026-03');

describe('onboarding completion rate', () => {
  const records = [
    { companyId: 'a', startedOn: '2026-03-01', completedOn: '2026-03-31' },
    { companyId: 'b', startedOn: '2026-03-10', completedOn: '2026-07-01' },
    { companyId: 'c', startedOn: '2026-03-20', completedOn: null },
    { companyId: 'd', startedOn: '2026-02-28', completedOn: '2026-03-02' },
    { companyId: 'e', startedOn: '2026-03-31', completedOn: '2026-06-29' },
  ];

  it('final cohort: done within 90 days over the cohort, median days over the completed', () => {
    const result = onboardingCompletion(records, march, '2026-07-15', 90);
    expect(result).toMatchObject({ cohortSize: 4, completedWithinTarget: 2, provisional: false });
    expect(fraction(result.completionRate)).toEqual([2, 4]);
    // 30, 113 and 90 days: b took longer than the target but still counts for time to value.
    expect(result.medianDaysToComplete.value).toBe(90);
  });

  it('is provisional until the last start of the cohort has had its full window', () => {
    expect(onboardingCompletion(records, march, '2026-06-28', 90).provisional).toBe(true);
    expect(onboardingCompletion(records, march, '2026-06-29', 90).provisional).toBe(false);
  });

  it('a completion after the as-of date is not known yet', () => {
    const result = onboardingCompletion(records, march, '2026-05-01', 90);
    expect(result).toMatchObject({ completedWithinTarget: 1, provisional: true });
    expect(result.medianDaysToComplete.value).toBe(30);
  });

  it('median of an even count is the mean of the middle two', () => {
    const result = onboardingCompletion(records.slice(0, 2), march, '2026-07-15', 90);
    expect(result.medianDaysToComplete.value).toBe(71.5);
  });

  it('the target is a setting', () => {
    expect(onboardingCompletion(records, march, '2026-07-15', 30).completedWithinTarget).toBe(1);
  });

  it('an empty cohort has no rate', () => {
    const result = onboardingCompletion(records, monthPeriod('2026-05'), '2026-07-15', 90);
    expect(result.completionRate).toMatchObject({ value: null, reason: 'no onboarding started in the period' });
    expect(result.medianDaysToComplete).toMatchObject({
      value: null,
      reason: 'no onboarding of the cohort is complete',
    });
  });
});

function responses(kind: 'nps' | 'csat', scores: number[], submittedAt = '2026-03-10T12:00:00Z'): SurveyResponse[] {
  return scores.map((score, index) => ({ companyId: `c${index % 2}`, kind, score, submittedAt }));
}

describe('NPS and CSAT', () => {
  it('NPS: 3 promoters and 2 detractors of 7 = 14.29, shown as 14', () => {
    const nps = netPromoterScore(responses('nps', [10, 9, 8, 7, 6, 0, 10]), march, 'UTC');
    expect(nps.responses).toBe(7);
    expect(fraction(nps.score)).toEqual([1, 7]);
    expect(roundForDisplay(nps.score, 0)).toBe(14);
  });

  it.each([
    [[10, 9], 100],
    [[0, 6], -100],
    [[7, 8], 0],
    [[0, 0, 9], -33],
  ])('NPS of %j is %i', (scores, expected) => {
    expect(roundForDisplay(netPromoterScore(responses('nps', scores), march, 'UTC').score, 0)).toBe(expected);
  });

  it('CSAT: percent scoring 4-5 and the mean', () => {
    const csat = customerSatisfaction([...responses('csat', [5, 4, 3, 1, 5]), ...responses('nps', [10])], march, 'UTC');
    expect(csat.responses).toBe(5);
    expect(csat.percentSatisfied.value).toBe(60);
    expect(csat.meanScore.value).toBe(3.6);
  });

  it('a response belongs to the period of its local date', () => {
    const lateMarch = responses('nps', [10], '2026-03-31T23:30:00Z');
    expect(netPromoterScore(lateMarch, march, 'UTC').responses).toBe(1);
    expect(netPromoterScore(lateMarch, march, 'Asia/Tokyo').responses).toBe(0);
    expect(netPromoterScore(lateMarch, monthPeriod('2026-04'), 'Asia/Tokyo').responses).toBe(1);
  });

  it('no responses gives no value', () => {
    expect(netPromoterScore([], march, 'UTC').score).toMatchObject({
      value: null,
      reason: 'no NPS responses in the period',
    });
    expect(customerSatisfaction([], march, 'UTC').meanScore).toMatchObject({
      value: null,
      reason: 'no CSAT responses in the period',
    });
  });
});
