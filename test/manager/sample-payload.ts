import type { GroupKpis, ManagerPortfolioPayload } from '../../extensions/app/pages/shared/manager-payload';

/** Every §3.1 figure, empty: the rows below set the ones their test reads. */
const noFigures: Omit<GroupKpis, 'key' | 'label' | 'period' | 'noValue'> = {
  customersStart: 0, customersEnd: 0, newCustomers: 0, churnedCustomers: 0, customerChurnRate: null, retentionRate: null,
  startMrr: 0, newMrr: 0, expansionMrr: 0, contractionMrr: 0, churnedMrr: 0, endMrr: 0, nrr: null, grr: null, revenueChurnRate: null,
  averageRevenuePerAccount: null, lifetimeValue: null, upsellCustomers: 0, upsellRate: null, upsellMrr: 0, crossSellCustomers: 0,
  crossSellRate: null, crossSellMrr: 0, onboardingCohortSize: 0, onboardingCompletedWithinTarget: 0, onboardingCompletionRate: null,
  onboardingProvisional: false, medianDaysToComplete: null, nps: null, npsResponses: 0, csatPercent: null, csatMean: null, csatResponses: 0,
  dailyActiveUsers: 0, weeklyActiveUsers: 0, mau: 0, meanSessionMinutes: null, medianSessionMinutes: null, minutesPerActiveUser: null,
  seatUtilization: null, partial: false,
};

const noStartMrr = 'no MRR on the first day of the period';

const month = (label: string, nrr: number | null, grr: number | null, churn: number | null) => ({
  ...noFigures,
  period: label,
  noValue: nrr === null ? { nrr: noStartMrr, grr: noStartMrr } : ({} as Record<string, string>),
  customersStart: 40,
  customersEnd: 41,
  churnedCustomers: 1,
  customerChurnRate: churn,
  nrr,
  grr,
  startMrr: 52_000,
  endMrr: 53_100,
  partial: label === '2026-06',
});

export const readyPayload: ManagerPortfolioPayload = {
  version: 1,
  portalId: 9990002,
  currency: 'USD',
  asOf: '2026-06-15',
  from: '2026-04',
  to: '2026-06',
  headlineMonth: '2026-05',
  months: [month('2026-04', 101.5, 97.25, 2.5), month('2026-05', 103, 98, 0), month('2026-06', null, null, null)],
  customers: { on: '2026-06-15', count: 41 },
  health: {
    scoredOn: '2026-06-15',
    today: { red: 3, yellow: 10, green: 28 },
    byMonth: [
      { month: '2026-05', scoredOn: '2026-05-31', red: 4, yellow: 9, green: 27 },
      { month: '2026-06', scoredOn: '2026-06-15', red: 3, yellow: 10, green: 28 },
    ],
  },
  onboarding: {
    stages: { introduction: 6, operation: 12, adoption: 15, established: 8 },
    cohorts: [{ cohort: '2026-04', opened: 5, completed: 2, medianDaysToValue: 38.5, stages: { introduction: 3, operation: 2, adoption: 0, established: 0 } }],
    medianDaysToValue: 41,
    measured: 30,
    open: 11,
  },
  groups: {
    cut: 'owner',
    period: 'T12M-2026-06',
    rows: [
      { ...noFigures, period: 'T12M-2026-06', noValue: {}, key: '61200104', label: 'Hannah Schmidt', customersStart: 20, customersEnd: 19, churnedCustomers: 1, customerChurnRate: 5, nrr: 104.2, grr: 95.1, endMrr: 30_500 },
      { ...noFigures, period: 'T12M-2026-06', noValue: { customerChurnRate: 'no customers on the first day of the period', nrr: noStartMrr, grr: noStartMrr }, key: null, label: 'Unassigned', customersStart: 0, customersEnd: 2, churnedCustomers: 0, customerChurnRate: null, nrr: null, grr: null, endMrr: 900 },
    ],
  },
  alerts: {
    scoredOn: '2026-06-15',
    total: 2,
    items: [
      { companyId: '1002', companyName: 'Birch Analytics', owner: 'Hannah Schmidt', score: 31, band: 'red', alerts: ['Became at risk', 'Renewal in 45 days while at risk'] },
      { companyId: '1005', companyName: null, owner: null, score: 55, band: 'yellow', alerts: ['Kickoff held overdue by 12 days'] },
    ],
  },
  maturity: {
    stage: 'insight_and_action',
    stages: [
      { stage: 'reactive', label: 'Reactive', description: 'Escalations are handled case by case.', reached: true },
      { stage: 'insight_and_action', label: 'Insight and action', description: 'The whole team acts on data.', reached: true },
      { stage: 'outcome', label: 'Outcome', description: 'Proactive outcomes are delivered to customers at scale.', reached: false },
      { stage: 'transformation', label: 'Transformation', description: 'The whole company rallies around the customer success mission.', reached: false },
    ],
    criteria: [
      { key: 'alerts_acted_on', stage: 'insight_and_action', label: 'Data-driven alerts are acted on', met: true, evidence: '6 of 10 alerted companies (60%) had a CSM action after the alert', next: '' },
      { key: 'sentiment_collected', stage: 'outcome', label: 'Customer outcomes are asked for (NPS, CSAT)', met: false, evidence: '5 of 41 customers (12.2%) answered an NPS or CSAT survey', next: 'Send NPS or CSAT surveys so at least 30% of customers answer in the window.' },
    ],
    nextSteps: ['Send NPS or CSAT surveys so at least 30% of customers answer in the window.'],
    windowStart: '2026-04-01',
    context: 'Why it matters: about +3 points, +4 and +11 of net revenue retention per stage, not a forecast.',
  },
  unmatchedEvents: { count: 0, hint: 'Usage events wait here until their account matches a synced company.' },
};

export const emptyPayload: ManagerPortfolioPayload = {
  ...readyPayload,
  months: readyPayload.months.map((entry) => ({ ...entry, customersStart: 0, customersEnd: 0, churnedCustomers: 0, customerChurnRate: null, nrr: null, grr: null })),
  customers: { on: '2026-06-15', count: 0 },
  health: { scoredOn: null, today: { red: 0, yellow: 0, green: 0 }, byMonth: [] },
  alerts: { scoredOn: null, total: 0, items: [] },
};
