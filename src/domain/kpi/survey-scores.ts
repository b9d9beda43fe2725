// Reference only: the product computes KPIs in SQL (src/services/kpi); this exists to check it (test/kpi/sql-matches-domain.test.ts).
import { instantToLocalDate, parseInstant } from '../time/time-zone';
import { periodContains, type Period } from '../time/periods';
import type { SurveyResponse } from './kpi-input';
import { ratio, type KpiValue } from './kpi-value';

function scoresInPeriod(
  responses: readonly SurveyResponse[],
  kind: SurveyResponse['kind'],
  period: Period,
  timeZone: string,
): number[] {
  return responses
    .filter((response) => {
      const submittedAt = parseInstant(response.submittedAt);
      return (
        response.kind === kind &&
        submittedAt !== null &&
        periodContains(period, instantToLocalDate(submittedAt, timeZone))
      );
    })
    .map((response) => response.score);
}

/** NPS: (promoters 9-10 - detractors 0-6) / responses x 100, from -100 to 100. */
export function netPromoterScore(
  responses: readonly SurveyResponse[],
  period: Period,
  timeZone: string,
): { score: KpiValue; responses: number } {
  const scores = scoresInPeriod(responses, 'nps', period, timeZone);
  const promoters = scores.filter((score) => score >= 9).length;
  const detractors = scores.filter((score) => score <= 6).length;
  return {
    score: ratio(promoters - detractors, scores.length, 'score', 'no NPS responses in the period', 100),
    responses: scores.length,
  };
}

/** CSAT: the share of responses scoring 4 or 5 on the 5-point scale, and the mean score. */
export function customerSatisfaction(
  responses: readonly SurveyResponse[],
  period: Period,
  timeZone: string,
): { percentSatisfied: KpiValue; meanScore: KpiValue; responses: number } {
  const scores = scoresInPeriod(responses, 'csat', period, timeZone);
  const reason = 'no CSAT responses in the period';
  return {
    percentSatisfied: ratio(scores.filter((score) => score >= 4).length, scores.length, 'percent', reason),
    meanScore: ratio(
      scores.reduce((total, score) => total + score, 0),
      scores.length,
      'score',
      reason,
    ),
    responses: scores.length,
  };
}
