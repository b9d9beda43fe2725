import { describe, expect, it } from 'vitest';
import { addDays } from '../../../src/domain/time/calendar-date';
import {
  adoptionStreakStart,
  completeMilestone,
  createOnboarding,
  daysSinceHandoff,
  lifecycleSettingsSchema,
  meetsAdoptionCriteria,
  resolveStage,
  timeToValueDays,
  touchModelFor,
  type AdoptionSnapshot,
} from '../../../src/domain/lifecycle';

const settings = lifecycleSettingsSchema.parse({});
const open = createOnboarding('2024-01-01', settings);
const complete = settings.milestones.reduce(
  (record, milestone) => completeMilestone(record, milestone.key, '2024-02-15'),
  open,
);
const override = { stage: 'adoption' as const, setBy: 'owner-42', setAt: '2024-05-01T09:30:00Z' };

describe('meetsAdoptionCriteria', () => {
  it.each([
    { seatUtilizationPercent: 50, coreFeaturesUsed: 3, expected: true },
    { seatUtilizationPercent: 49.9, coreFeaturesUsed: 5, expected: false },
    { seatUtilizationPercent: 100, coreFeaturesUsed: 2, expected: false },
    { seatUtilizationPercent: null, coreFeaturesUsed: 6, expected: false },
  ])('$seatUtilizationPercent% and $coreFeaturesUsed features -> $expected', ({ expected, ...snapshot }) => {
    expect(meetsAdoptionCriteria({ date: '2024-01-01', ...snapshot }, settings)).toBe(expected);
  });
});

describe('adoptionStreakStart', () => {
  const days = (start: string, count: number, snapshot: Omit<AdoptionSnapshot, 'date'>) =>
    Array.from({ length: count }, (_, index) => ({ date: addDays(start, index), ...snapshot }));
  const good = { seatUtilizationPercent: 60, coreFeaturesUsed: 4 };
  const bad = { seatUtilizationPercent: 20, coreFeaturesUsed: 4 };

  it.each([
    { name: 'unbroken run', history: days('2024-01-01', 10, good), expected: '2024-01-01' },
    {
      name: 'failed day restarts the run',
      history: [...days('2024-01-01', 4, good), ...days('2024-01-05', 1, bad), ...days('2024-01-06', 5, good)],
      expected: '2024-01-06',
    },
    {
      name: 'missing day restarts the run',
      history: [...days('2024-01-01', 4, good), ...days('2024-01-06', 5, good)],
      expected: '2024-01-06',
    },
    { name: 'today not met', history: [...days('2024-01-01', 9, good), ...days('2024-01-10', 1, bad)], expected: null },
    { name: 'no history', history: [], expected: null },
  ])('$name', ({ history, expected }) => {
    expect(adoptionStreakStart(history, '2024-01-10', settings)).toBe(expected);
  });
});

describe('resolveStage', () => {
  it.each([
    { name: 'no hand-off', onboarding: null, adoptionSince: null, expected: null, reason: 'no_handoff' },
    {
      name: 'onboarding open',
      onboarding: open,
      adoptionSince: '2024-01-20',
      expected: 'introduction',
      reason: 'onboarding_open',
    },
    {
      name: 'onboarding done, no adoption',
      onboarding: complete,
      adoptionSince: null,
      expected: 'operation',
      reason: 'adoption_criteria_not_met',
    },
    {
      name: 'adoption held 89 days',
      onboarding: complete,
      adoptionSince: addDays('2024-06-01', -88),
      expected: 'adoption',
      reason: 'adoption_criteria_met',
    },
    {
      name: 'adoption held 90 days',
      onboarding: complete,
      adoptionSince: addDays('2024-06-01', -89),
      expected: 'established',
      reason: 'adoption_held',
    },
  ] as const)('$name -> $expected', ({ onboarding, adoptionSince, expected, reason }) => {
    expect(resolveStage({ asOf: '2024-06-01', onboarding, adoptionSince, override: null }, settings)).toEqual({
      source: 'derived',
      stage: expected,
      reason,
      adoptionSince,
    });
  });

  it.each([
    { name: 'over an open onboarding', onboarding: open, derived: 'introduction' },
    { name: 'without a hand-off', onboarding: null, derived: null },
    { name: 'over an established customer', onboarding: complete, derived: 'established' },
  ] as const)('the manual stage wins $name', ({ onboarding, derived }) => {
    const result = resolveStage({ asOf: '2024-06-01', onboarding, adoptionSince: '2024-01-01', override }, settings);
    expect(result).toEqual({
      source: 'manual',
      stage: 'adoption',
      setBy: 'owner-42',
      setAt: '2024-05-01T09:30:00Z',
      derivedStage: derived,
    });
  });
});

describe('touchModelFor', () => {
  it.each([
    { mrrCents: 500_000, expected: 'high_touch' },
    { mrrCents: 499_999, expected: 'low_touch' },
    { mrrCents: 100_000, expected: 'low_touch' },
    { mrrCents: 99_999, expected: 'tech_touch' },
    { mrrCents: 0, expected: 'tech_touch' },
  ] as const)('$mrrCents cents -> $expected', ({ mrrCents, expected }) => {
    expect(touchModelFor(mrrCents, settings)).toBe(expected);
  });

  it('follows configured tiers', () => {
    const custom = lifecycleSettingsSchema.parse({
      touchModel: { highTouchMinMrrCents: 1_000, lowTouchMinMrrCents: 10 },
    });
    expect([touchModelFor(1_000, custom), touchModelFor(10, custom), touchModelFor(9, custom)]).toEqual([
      'high_touch',
      'low_touch',
      'tech_touch',
    ]);
  });
});

describe('days since hand-off and time to value', () => {
  it.each([
    { asOf: '2024-01-01', expected: 0 },
    { asOf: '2024-03-01', expected: 60 },
    { asOf: '2023-12-31', expected: null },
  ])('as of $asOf -> $expected', ({ asOf, expected }) => {
    expect(daysSinceHandoff('2024-01-01', asOf)).toBe(expected);
  });

  it('is the days from hand-off to the last required milestone', () => {
    expect(timeToValueDays(complete, '2024-06-01')).toBe(45);
    expect(timeToValueDays(open, '2024-06-01')).toBeNull();
    expect(timeToValueDays(complete, '2024-02-14')).toBeNull();
  });
});
