import { describe, expect, it } from 'vitest';
import {
  applyUsageMilestones,
  completeMilestone,
  createOnboarding,
  findHandoffDate,
  lifecycleSettingsSchema,
  milestoneState,
  onboardingCompletedOn,
  summarizeMilestones,
  type OnboardingRecord,
} from '../../../src/domain/lifecycle';

const settings = lifecycleSettingsSchema.parse({});

function completeAll(record: OnboardingRecord, doneDates: Record<string, string>): OnboardingRecord {
  return Object.entries(doneDates).reduce((current, [key, date]) => completeMilestone(current, key, date), record);
}

describe('lifecycle settings', () => {
  it('defaults to the five milestones of the domain page with due offsets', () => {
    expect(
      settings.milestones.map((milestone) => [milestone.key, milestone.dueOffsetDays, milestone.required]),
    ).toEqual([
      ['kickoff_held', 7, true],
      ['admin_configured', 14, true],
      ['data_connected', 30, true],
      ['first_users_active', 45, true],
      ['first_value_confirmed', 60, true],
    ]);
    expect(settings.adoption).toEqual({ minSeatUtilizationPercent: 50, minCoreFeaturesUsed: 3, windowDays: 30 });
    expect(settings.establishedAfterDays).toBe(90);
  });

  it('rejects duplicate milestone keys and inverted touch tiers', () => {
    const milestone = { key: 'kickoff_held', label: 'Kickoff', dueOffsetDays: 7 };
    expect(lifecycleSettingsSchema.safeParse({ milestones: [milestone, milestone] }).success).toBe(false);
    expect(
      lifecycleSettingsSchema.safeParse({ touchModel: { highTouchMinMrrCents: 1, lowTouchMinMrrCents: 2 } }).success,
    ).toBe(false);
  });
});

describe('findHandoffDate', () => {
  it.each([
    {
      name: 'earliest new contract',
      contracts: [
        { kind: 'new', startDate: '2024-03-01' },
        { kind: 'new', startDate: '2024-01-15' },
      ],
      expected: '2024-01-15',
    },
    {
      name: 'ignores renewals and upsells',
      contracts: [
        { kind: 'renewal', startDate: '2023-01-01' },
        { kind: 'new', startDate: '2024-02-01' },
      ],
      expected: '2024-02-01',
    },
    { name: 'no new contract', contracts: [{ kind: 'upsell', startDate: '2024-02-01' }], expected: null },
    { name: 'no contracts', contracts: [], expected: null },
  ] as const)('$name', ({ contracts, expected }) => {
    expect(findHandoffDate(contracts)).toBe(expected);
  });
});

describe('createOnboarding', () => {
  it('sets due dates from hand-off, crossing month and year ends', () => {
    const record = createOnboarding('2024-12-20', settings);
    expect(record.milestones.map((milestone) => milestone.dueDate)).toEqual([
      '2024-12-27',
      '2025-01-03',
      '2025-01-19',
      '2025-02-03',
      '2025-02-18',
    ]);
    expect(record.milestones.every((milestone) => milestone.doneDate === null)).toBe(true);
  });

  it('refuses to complete an unknown milestone', () => {
    expect(() => completeMilestone(createOnboarding('2024-01-01', settings), 'nope', '2024-01-02')).toThrow(RangeError);
  });
});

describe('milestoneState', () => {
  const milestone = { key: 'kickoff_held', label: 'Kickoff held', required: true, dueDate: '2024-01-08' };
  it.each([
    { doneDate: null, asOf: '2024-01-07', expected: 'on_track' },
    { doneDate: null, asOf: '2024-01-08', expected: 'on_track' },
    { doneDate: null, asOf: '2024-01-09', expected: 'behind' },
    { doneDate: '2024-01-05', asOf: '2024-01-09', expected: 'done' },
    { doneDate: '2024-01-20', asOf: '2024-01-20', expected: 'done' },
    { doneDate: '2024-01-20', asOf: '2024-01-19', expected: 'behind' },
    { doneDate: '2024-01-06', asOf: '2024-01-04', expected: 'on_track' },
  ] as const)('done $doneDate, as of $asOf -> $expected', ({ doneDate, asOf, expected }) => {
    expect(milestoneState({ ...milestone, doneDate }, asOf)).toBe(expected);
  });
});

describe('onboarding completion and summary', () => {
  const record = createOnboarding('2024-01-01', settings);
  const allDone = completeAll(record, {
    kickoff_held: '2024-01-05',
    admin_configured: '2024-01-12',
    data_connected: '2024-02-10',
    first_users_active: '2024-02-01',
    first_value_confirmed: '2024-02-20',
  });

  it('completes on the last required milestone', () => {
    expect(onboardingCompletedOn(allDone, '2024-03-01')).toBe('2024-02-20');
    expect(onboardingCompletedOn(allDone, '2024-02-19')).toBeNull();
  });

  it('does not wait for optional milestones', () => {
    const optionalSettings = lifecycleSettingsSchema.parse({
      milestones: [
        { key: 'kickoff_held', label: 'Kickoff', dueOffsetDays: 7 },
        { key: 'training', label: 'Training', dueOffsetDays: 20, required: false },
      ],
    });
    const optional = completeMilestone(createOnboarding('2024-01-01', optionalSettings), 'kickoff_held', '2024-01-03');
    expect(onboardingCompletedOn(optional, '2024-02-01')).toBe('2024-01-03');
    expect(summarizeMilestones(optional, '2024-02-01')).toEqual({ done: 1, onTrack: 0, behind: 0, overdue: [] });
  });

  it('counts done, on track and behind required milestones', () => {
    const partial = completeAll(record, { kickoff_held: '2024-01-05' });
    expect(summarizeMilestones(partial, '2024-01-20')).toEqual({
      done: 1,
      onTrack: 3,
      behind: 1,
      overdue: [{ key: 'admin_configured', label: 'Admin configured', dueDate: '2024-01-15' }],
    });
  });

  it('completes the active-users milestone on the day the third user was first active', () => {
    const applied = applyUsageMilestones(record, ['2024-01-20', '2023-12-30', '2024-01-10', '2024-01-25'], settings);
    expect(applied.milestones.find((milestone) => milestone.key === 'first_users_active')?.doneDate).toBe('2024-01-20');
    const tooFew = applyUsageMilestones(record, ['2024-01-20', '2024-01-10'], settings);
    expect(tooFew.milestones.find((milestone) => milestone.key === 'first_users_active')?.doneDate).toBeNull();
  });

  it('keeps a completion a CSM already recorded', () => {
    const ticked = completeMilestone(record, 'first_users_active', '2024-01-05');
    const applied = applyUsageMilestones(ticked, ['2024-01-10', '2024-01-11', '2024-01-12'], settings);
    expect(applied.milestones.find((milestone) => milestone.key === 'first_users_active')?.doneDate).toBe('2024-01-05');
  });
});
