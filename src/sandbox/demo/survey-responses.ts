import type { FixtureSurvey } from '../fixture-schema';
import { addDays, compareText, instantAt } from './calendar';
import type { CompanyPlan, Disposition } from './company-plan';
import { isCustomerOn, type ContractSpan } from './deal-plan';
import type { Random } from './random';

type Customer = Extract<CompanyPlan, { kind: 'customer' }>;
type Distribution = readonly (readonly [number, number])[];

const npsScores: Record<Disposition, Distribution> = {
  champion: [
    [10, 35],
    [9, 35],
    [8, 20],
    [7, 7],
    [6, 3],
  ],
  steady: [
    [10, 10],
    [9, 20],
    [8, 30],
    [7, 20],
    [6, 10],
    [5, 5],
    [4, 5],
  ],
  at_risk: [
    [9, 5],
    [8, 10],
    [7, 20],
    [6, 20],
    [5, 20],
    [4, 10],
    [3, 10],
    [2, 5],
  ],
  dormant: [
    [8, 5],
    [7, 10],
    [6, 20],
    [5, 20],
    [3, 20],
    [2, 10],
    [1, 10],
    [0, 5],
  ],
  onboarding: [
    [10, 30],
    [9, 35],
    [8, 25],
    [7, 10],
  ],
};

const csatScores: Record<Disposition, Distribution> = {
  champion: [
    [5, 60],
    [4, 30],
    [3, 10],
  ],
  steady: [
    [5, 30],
    [4, 45],
    [3, 20],
    [2, 5],
  ],
  at_risk: [
    [5, 10],
    [4, 25],
    [3, 30],
    [2, 25],
    [1, 10],
  ],
  dormant: [
    [4, 15],
    [3, 30],
    [2, 30],
    [1, 25],
  ],
  onboarding: [
    [5, 45],
    [4, 40],
    [3, 15],
  ],
};

const quarterDays = 91;

/**
 * A customer's NPS answers of the four quarters before `asOf` and CSAT answers of its last year; then, carried on to
 * `until` (excluded), each quarter from `asOf` on drawn from its own generator (forked by company and quarter), so a
 * quarter's answers are the same however far the demo has been carried on. Only days on which it is a customer.
 */
export function companySurveys(
  company: Customer,
  spans: readonly ContractSpan[],
  random: Random,
  asOf: string,
  ordinal: number,
  until: string = asOf,
): FixtureSurvey[] {
  const contacts = Array.from({ length: random.integer(1, 5) }, (_, index) =>
    String(81_500_000_001 + ordinal * 16 + index),
  );
  const surveys: FixtureSurvey[] = [];
  const respond = (draws: Random, kind: FixtureSurvey['kind'], day: string, distribution: Distribution) => {
    if (!isCustomerOn(spans, day)) return;
    const score = draws.weighted(distribution);
    const submittedAt = instantAt(day, draws.integer(8 * 3600, 20 * 3600));
    const survey: FixtureSurvey = { companyId: company.id, kind, score, submittedAt };
    // Responses from an anonymous in-app widget come without a contact.
    if (draws.chance(0.85)) survey.contactId = draws.pick(contacts);
    surveys.push(survey);
  };
  const npsResponses = (draws: Random) =>
    draws.weighted([
      [0, 40],
      [1, 35],
      [2, 20],
      [3, 5],
    ]);
  for (let quarter = 4; quarter >= 1; quarter -= 1) {
    const responses = npsResponses(random);
    for (let response = 0; response < responses; response += 1) {
      respond(
        random,
        'nps',
        addDays(asOf, -quarter * quarterDays + random.integer(0, quarterDays - 1)),
        npsScores[company.disposition],
      );
    }
  }
  const csatCount = random.integer(0, 5);
  for (let response = 0; response < csatCount; response += 1) {
    respond(random, 'csat', addDays(asOf, -random.integer(1, 365)), csatScores[company.disposition]);
  }
  for (let quarterStart = asOf; quarterStart < until; quarterStart = addDays(quarterStart, quarterDays)) {
    const quarter = random.fork(`${company.id} ${quarterStart}`);
    const answers = [
      ...Array.from({ length: npsResponses(quarter) }, () => 'nps' as const),
      ...Array.from({ length: quarter.integer(0, 1) }, () => 'csat' as const),
    ];
    answers.forEach((kind, index) => {
      const day = addDays(quarterStart, quarter.integer(0, quarterDays - 1));
      const distribution = kind === 'nps' ? npsScores[company.disposition] : csatScores[company.disposition];
      // Each answer's own draws: an answer whose day has not come leaves the quarter's other answers as they are.
      if (day < until) respond(quarter.fork(`answer ${index}`), kind, day, distribution);
    });
  }
  return surveys.sort((first, second) => compareText(first.submittedAt, second.submittedAt));
}
