import { describe, expect, it } from 'vitest';
import {
  evaluateHealthAlerts,
  healthSettingsSchema,
  scoreDaysAgo,
  type AlertInput,
  type HealthHistoryEntry,
} from '../../../src/domain/health';

const settings = healthSettingsSchema.parse({});

function input(overrides: Partial<AlertInput> = {}): AlertInput {
  return {
    asOf: '2024-06-30',
    today: { score: 75, band: 'green' },
    history: [],
    handoffDate: '2024-01-01',
    overdueMilestones: [],
    daysToRenewal: 300,
    seatUtilizationPercent: 90,
    ...overrides,
  };
}

const kinds = (alertInput: AlertInput) => evaluateHealthAlerts(alertInput, settings).map((alert) => alert.kind);
const entry = (date: string, score: number, band: HealthHistoryEntry['band']) => ({ date, score, band });

describe('evaluateHealthAlerts', () => {
  it('raises nothing for a healthy company', () => {
    expect(kinds(input())).toEqual([]);
  });

  it.each([
    { name: 'yellow yesterday', history: [entry('2024-06-29', 42, 'yellow')], expected: ['entered_red'] },
    { name: 'no history', history: [], expected: ['entered_red'] },
    { name: 'already red yesterday', history: [entry('2024-06-29', 35, 'red')], expected: [] },
  ] as const)('entered red: $name', ({ history, expected }) => {
    expect(kinds(input({ today: { score: 35, band: 'red' }, history: [...history] }))).toEqual(expected);
  });

  it('describes entering red with the previous band', () => {
    const [alert] = evaluateHealthAlerts(
      input({ today: { score: 35, band: 'red' }, history: [entry('2024-06-28', 45, 'yellow')] }),
      settings,
    );
    expect(alert).toEqual({ kind: 'entered_red', key: 'entered_red:2024-06-30', score: 35, previousBand: 'yellow' });
  });

  it.each([
    { name: 'a 16-point drop', before: entry('2024-05-31', 91, 'green'), today: 75, expected: ['score_drop'] },
    { name: 'exactly 15 points', before: entry('2024-05-31', 90, 'green'), today: 75, expected: [] },
    {
      name: 'a gap day uses the nearest earlier score',
      before: entry('2024-05-28', 95, 'green'),
      today: 75,
      expected: ['score_drop'],
    },
    { name: 'a score too old to compare', before: entry('2024-05-20', 95, 'green'), today: 75, expected: [] },
    { name: 'a rise', before: entry('2024-05-31', 50, 'yellow'), today: 75, expected: [] },
  ] as const)('score drop: $name', ({ before, today, expected }) => {
    expect(kinds(input({ today: { score: today, band: 'green' }, history: [before] }))).toEqual(expected);
  });

  it('gives the evidence of a drop', () => {
    const alerts = evaluateHealthAlerts(
      input({
        today: { score: 72, band: 'green' },
        history: [entry('2024-05-31', 90, 'green'), entry('2024-06-15', 80, 'green')],
      }),
      settings,
    );
    expect(alerts).toEqual([
      {
        kind: 'score_drop',
        key: 'score_drop:2024-06-30',
        score: 72,
        scoreBefore: 90,
        comparedWith: '2024-05-31',
        drop: 18,
      },
    ]);
  });

  it('raises one alert per overdue onboarding milestone', () => {
    const overdueMilestones = [
      { key: 'kickoff_held', label: 'Kickoff held', dueDate: '2024-06-20' },
      { key: 'admin_configured', label: 'Admin configured', dueDate: '2024-06-29' },
    ];
    const alerts = evaluateHealthAlerts(input({ overdueMilestones }), settings);
    expect(alerts.map((alert) => (alert.kind === 'milestone_overdue' ? [alert.key, alert.daysOverdue] : null))).toEqual(
      [
        ['milestone_overdue:kickoff_held', 10],
        ['milestone_overdue:admin_configured', 1],
      ],
    );
  });

  it.each([
    { daysToRenewal: 90, band: 'yellow', score: 60, expected: ['renewal_at_risk'] },
    { daysToRenewal: 0, band: 'yellow', score: 60, expected: ['renewal_at_risk'] },
    { daysToRenewal: 91, band: 'yellow', score: 60, expected: [] },
    { daysToRenewal: 30, band: 'green', score: 80, expected: [] },
    { daysToRenewal: -5, band: 'yellow', score: 60, expected: [] },
    { daysToRenewal: null, band: 'yellow', score: 60, expected: [] },
  ] as const)('renewal in $daysToRenewal days while $band', ({ daysToRenewal, band, score, expected }) => {
    expect(
      kinds(input({ daysToRenewal, today: { score, band }, history: [entry('2024-06-29', score, band)] })),
    ).toEqual(expected);
  });

  it('keys a renewal alert by the renewal date', () => {
    const [alert] = evaluateHealthAlerts(input({ daysToRenewal: 10, today: { score: 60, band: 'yellow' } }), settings);
    expect(alert?.key).toBe('renewal_at_risk:2024-07-10');
  });

  it.each([
    { handoffDate: '2024-04-01', seatUtilizationPercent: 49.9, expected: ['low_seat_utilization'] },
    { handoffDate: '2024-04-01', seatUtilizationPercent: 50, expected: [] },
    { handoffDate: '2024-04-02', seatUtilizationPercent: 10, expected: [] },
    { handoffDate: null, seatUtilizationPercent: 10, expected: [] },
    { handoffDate: '2024-01-01', seatUtilizationPercent: null, expected: [] },
  ])(
    'seat utilization $seatUtilizationPercent% with hand-off $handoffDate',
    ({ handoffDate, seatUtilizationPercent, expected }) => {
      expect(kinds(input({ handoffDate, seatUtilizationPercent }))).toEqual(expected);
    },
  );
});

describe('scoreDaysAgo', () => {
  const history = [entry('2024-05-25', 60, 'yellow'), entry('2024-06-02', 70, 'green')];
  it.each([
    { tolerance: 7, expected: '2024-05-25' },
    { tolerance: 5, expected: null },
  ])('tolerance $tolerance days -> $expected', ({ tolerance, expected }) => {
    expect(scoreDaysAgo(history, '2024-06-30', 30, tolerance)?.date ?? null).toBe(expected);
  });
});
