import { describe, expect, it } from 'vitest';
import {
  composeDigest,
  isEmptyDigest,
  type DigestFacts,
  type ScoredDay,
} from '../../../src/domain/digests/compose-digest';
import { digestPeriod, dueDigestPeriod, localHour, weekdayOf } from '../../../src/domain/digests/digest-schedule';
import type { DigestRecipient } from '../../../src/domain/digests/digest-schema';
import type { HealthExplanation } from '../../../src/domain/health/health-score';

function explanation(score: number, usagePoints: number, sentimentPoints: number): HealthExplanation {
  const component = (name: 'usage' | 'sentiment', points: number) => ({
    component: name,
    raw: {},
    score: points * 2,
    weight: 50,
    effectiveWeightPercent: 50,
    points,
  });
  return {
    asOf: '2026-11-30',
    profile: 'default',
    score,
    band: null,
    components: [component('usage', usagePoints), component('sentiment', sentimentPoints)],
    leftOut: [],
  };
}

function day(date: string, score: number, band: ScoredDay['band'], usage: number, sentiment: number): ScoredDay {
  return { date, score, band, explanation: explanation(score, usage, sentiment) };
}

const aiko: DigestRecipient = { audience: 'csm', address: 'aiko@example.com', name: 'Aiko Sato', ownerId: '1' };
const manager: DigestRecipient = { audience: 'manager', address: 'lead@example.com', name: 'lead', ownerId: null };
const period = digestPeriod('weekly', '2026-12-07');

const facts: DigestFacts = {
  portalId: 7,
  currency: 'EUR',
  companies: new Map([
    ['10', { name: 'Acme', csmId: '1' }],
    ['11', { name: 'Globex', csmId: '1' }],
    ['20', { name: 'Initech', csmId: '2' }],
  ]),
  scores: [
    // Acme fell from green to red, usage moving most.
    { companyId: '10', before: day('2026-11-29', 75, 'green', 40, 35), now: day('2026-12-06', 35, 'red', 5, 30) },
    // Globex rose from yellow to green, sentiment moving most.
    { companyId: '11', before: day('2026-11-29', 55, 'yellow', 30, 25), now: day('2026-12-06', 72, 'green', 32, 40) },
    // Initech (Ben's) fell too; Aiko does not see it.
    { companyId: '20', before: day('2026-11-29', 50, 'yellow', 25, 25), now: day('2026-12-06', 30, 'red', 10, 20) },
  ],
  runs: [
    {
      runId: 'r1',
      playbookName: 'Rescue',
      companyId: '10',
      openedOn: '2026-12-02',
      open: true,
      tasks: [{ title: 'Call Acme', dueOn: '2026-12-05', completed: false }],
    },
    {
      runId: 'r2',
      playbookName: 'Rescue',
      companyId: '11',
      openedOn: '2026-11-01',
      open: true,
      tasks: [
        { title: 'Done already', dueOn: '2026-11-03', completed: true },
        { title: 'Due today', dueOn: '2026-12-07', completed: false },
      ],
    },
    { runId: 'r3', playbookName: 'Expand', companyId: '20', openedOn: '2026-12-06', open: true, tasks: [] },
  ],
  renewals: [
    { companyId: '11', renewalDate: '2026-12-20', amountMinor: 250_000, healthBand: 'green' },
    { companyId: '10', renewalDate: '2027-02-01', amountMinor: 100_000, healthBand: 'red' },
    { companyId: '20', renewalDate: '2026-12-08', amountMinor: 50_000, healthBand: 'red' },
  ],
};

describe('composeDigest', () => {
  it("gives a CSM their companies' band changes, worsened first, with the component that moved most", () => {
    const digest = composeDigest(aiko, period, facts);
    expect(digest.period).toEqual({
      cadence: 'weekly',
      firstDay: '2026-11-30',
      lastDay: '2026-12-06',
      sentOn: '2026-12-07',
    });
    expect(digest.sections.bandChanges).toEqual([
      {
        companyId: '10',
        companyName: 'Acme',
        bandBefore: 'green',
        bandNow: 'red',
        scoreBefore: 75,
        scoreNow: 35,
        driver: { component: 'usage', pointsChange: -35 },
      },
      {
        companyId: '11',
        companyName: 'Globex',
        bandBefore: 'yellow',
        bandNow: 'green',
        scoreBefore: 55,
        scoreNow: 72,
        driver: { component: 'sentiment', pointsChange: 15 },
      },
    ]);
  });

  it('lists runs opened in the period and open runs with tasks past due on the send day', () => {
    const digest = composeDigest(aiko, period, facts);
    expect(digest.sections.runsOpened.map((run) => run.runId)).toEqual(['r1']);
    expect(digest.sections.runsOverdue.map((run) => [run.runId, run.overdueTasks])).toEqual([
      ['r1', [{ title: 'Call Acme', dueOn: '2026-12-05' }]],
    ]);
  });

  it('lists renewals due within 30 days of the send day, soonest first', () => {
    expect(composeDigest(aiko, period, facts).sections.renewals).toEqual([
      {
        companyId: '11',
        companyName: 'Globex',
        renewalDate: '2026-12-20',
        daysToRenewal: 13,
        amountMinor: 250_000,
        healthBand: 'green',
      },
    ]);
  });

  it("gives a manager every company's changes", () => {
    const digest = composeDigest(manager, period, facts);
    expect(digest.sections.bandChanges.map((change) => change.companyName)).toEqual(['Acme', 'Initech', 'Globex']);
    expect(digest.sections.runsOpened.map((run) => run.runId)).toEqual(['r1', 'r3']);
    expect(digest.sections.renewals.map((renewal) => renewal.companyName)).toEqual(['Initech', 'Globex']);
  });

  it('is empty for a CSM with no companies', () => {
    const nobody: DigestRecipient = { ...aiko, address: 'x@example.com', ownerId: '99' };
    expect(isEmptyDigest(composeDigest(nobody, period, facts))).toBe(true);
  });

  it('counts no band change for a company first scored in the period', () => {
    const digest = composeDigest(manager, period, {
      ...facts,
      scores: [{ companyId: '10', before: null, now: day('2026-12-06', 35, 'red', 5, 30) }],
    });
    expect(digest.sections.bandChanges).toEqual([]);
  });
});

describe('dueDigestPeriod', () => {
  const weekly = { cadence: 'weekly', weekday: 'monday', hour: 8 } as const;
  it.each([
    ['weekly on its weekday from its hour', weekly, { date: '2026-12-07', hour: 8 }, '2026-11-30'],
    ['weekly later that day (a missed tick)', weekly, { date: '2026-12-07', hour: 15 }, '2026-11-30'],
    ['weekly before its hour', weekly, { date: '2026-12-07', hour: 7 }, null],
    ['weekly on another day', weekly, { date: '2026-12-08', hour: 9 }, null],
    ['daily covers yesterday', { ...weekly, cadence: 'daily' }, { date: '2026-12-08', hour: 9 }, '2026-12-07'],
    ['off', { ...weekly, cadence: 'off' }, { date: '2026-12-07', hour: 9 }, null],
  ] as const)('%s', (_name, timing, local, firstDay) => {
    expect(dueDigestPeriod(timing, local)?.firstDay ?? null).toBe(firstDay);
  });

  it('knows weekdays and local hours', () => {
    expect(weekdayOf('2026-12-07')).toBe('monday');
    expect(weekdayOf('2026-12-06')).toBe('sunday');
    expect(localHour(Date.parse('2026-12-07T07:30:00Z'), 'Europe/Berlin')).toBe(8);
    expect(localHour(Date.parse('2026-12-07T00:30:00Z'), 'UTC')).toBe(0);
  });
});
