import type { CompanyHealthCardPayload } from '../../extensions/app/cards/shared/card-payload';

export const readyPayload: CompanyHealthCardPayload = {
  version: 1,
  asOf: '2026-03-31',
  company: { id: '4242', name: 'Acme KK', status: 'customer' },
  onboarding: {
    stage: 'introduction',
    stageSource: 'derived',
    derivedStage: 'introduction',
    manualOverride: null,
    progressPercent: 33,
    milestonesDone: 1,
    touchModel: 'high_touch',
    handoffDate: '2026-02-01',
    daysSinceHandoff: 58,
    timeToValueDays: null,
    milestones: [
      { key: 'kickoff_held', label: 'Kickoff held', required: true, dueDate: '2026-02-08', doneDate: '2026-02-06', doneBy: 'csm@example.com', state: 'done' },
      { key: 'admin_configured', label: 'Admin configured', required: true, dueDate: '2026-02-15', doneDate: null, doneBy: null, state: 'behind' },
      { key: 'first_value_confirmed', label: 'First value confirmed', required: true, dueDate: '2026-04-30', doneDate: null, doneBy: null, state: 'on_track' },
    ],
  },
  adoption: {
    activeUsers: { current: 33, previous: 28, missingReason: null },
    seats: 40,
    seatUtilizationPercent: { current: 82.5, previous: 70, missingReason: null },
    meanSessionMinutes: { current: 12.4, previous: 14, missingReason: null },
    featureBreadth: { current: 6, previous: 6, missingReason: null },
  },
  health: {
    score: 72,
    band: 'green',
    components: [
      { component: 'usage', label: 'Usage', score: 80, weight: 30, points: 28.2, raw: [{ label: 'Seat utilization', value: 82.5, unit: 'percent' }] },
      { component: 'breadth', label: 'Feature breadth', score: 60, weight: 15, points: 10.6, raw: [{ label: 'Core features used', value: 3, unit: 'features' }] },
    ],
    leftOut: [{ component: 'sentiment', label: 'Sentiment (NPS, CSAT)', reason: 'no data of this kind yet' }],
    change30Days: -4,
  },
  suggestions: {
    items: [
      {
        id: 'seat_expansion:core',
        kind: 'seat_expansion',
        product: 'core',
        title: 'Add 10 seats',
        evidence: [{ label: 'Seat utilization', value: '95% for 14 days' }],
        estimatedMrr: { amountMinor: 50_000, currency: 'USD' },
        createdDealId: null,
      },
    ],
    suppressedReason: null,
  },
  revenue: {
    mrr: { amountMinor: 400_000, currency: 'USD' },
    arr: { amountMinor: 4_800_000, currency: 'USD' },
    renewalDate: '2027-01-31',
    daysToRenewal: 306,
    contracts: [
      { dealId: '901', kind: 'new', kindLabel: 'New business', product: 'core', productName: 'Core platform', mrr: { amountMinor: 400_000, currency: 'USD' }, startDate: '2026-02-01', endDate: '2027-02-01', seats: 40, status: 'active' },
    ],
  },
  renewal: {
    renewalDate: '2027-02-01',
    daysToRenewal: 307,
    amountUp: { amountMinor: 400_000, currency: 'USD' },
    risk: {
      churnPercent: 34.5,
      method: 'model',
      reason: "AUC 0.84 (95% interval 0.80-0.88) is above chance; it beats the health score's AUC 0.79",
      drivers: [
        { explanation: '12 of 40 seats used in the last 30 days', effect: 'raises risk' },
        { explanation: 'Latest NPS answer: 9', effect: 'lowers risk' },
      ],
      asOf: '2026-03-31',
    },
    renewalDeal: { dealId: '7701', name: 'Acme KK renewal 2027', stage: 'Contract sent', closeDate: '2027-01-15' },
  },
};

export const prospectPayload: CompanyHealthCardPayload = {
  ...readyPayload,
  company: { id: '4242', name: 'Acme KK', status: 'prospect' },
  onboarding: null,
  health: null,
  suggestions: { items: [], suppressedReason: null },
  revenue: { mrr: { amountMinor: 0, currency: 'USD' }, arr: { amountMinor: 0, currency: 'USD' }, renewalDate: null, daysToRenewal: null, contracts: [] },
  renewal: null,
};
