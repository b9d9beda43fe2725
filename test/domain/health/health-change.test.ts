import { describe, expect, it } from 'vitest';
import {
  changeBaseSchema,
  computeHealthScore,
  healthChangeSince,
  healthSettingsSchema,
} from '../../../src/domain/health';
import { fullInput } from './fixtures';

const settings = healthSettingsSchema.parse({});

describe('healthChangeSince', () => {
  // Answers dated after the earlier day did not exist yet, so they are moved before it.
  const sentiment = {
    latestNps: { score: 9, submittedOn: '2024-05-15' },
    latestCsat: { score: 4, submittedOn: '2024-05-01' },
  };
  const before = computeHealthScore(fullInput({ asOf: '2024-05-31', sentiment }), settings);

  it('has no change or drivers without a score 30 days ago', () => {
    const now = computeHealthScore(fullInput(), settings);
    expect(healthChangeSince(now, null)).toEqual({ scoreBefore: null, scoreNow: 88, change: null, drivers: [] });
  });

  it('names the components that moved, largest points change first', () => {
    const now = computeHealthScore(
      fullInput({
        usage: { activeUsers: 4, previousActiveUsers: 8, seats: 10 },
        onboarding: { done: 4, onTrack: 0, behind: 1 },
        commercial: { daysToRenewal: 180, mrrCents90DaysAgo: 100_000, contractionCentsLast90Days: 0 },
      }),
      settings,
    );
    const change = healthChangeSince(now, before);
    expect(change.scoreBefore).toBe(88);
    expect(change.scoreNow).toBe(now.score);
    expect(change.change).toBe((now.score ?? 0) - 88);
    expect(
      change.drivers.map((driver) => [driver.component, driver.scoreBefore, driver.scoreNow, driver.pointsChange]),
    ).toEqual([
      ['usage', 83, 27, -16.8],
      ['onboarding', 100, 80, -3],
    ]);
  });

  it('needs of the earlier explanation only its score and its components scores and points', () => {
    const now = computeHealthScore(
      fullInput({ usage: { activeUsers: 4, previousActiveUsers: 8, seats: 10 } }),
      settings,
    );
    const stored = JSON.parse(JSON.stringify(before)) as unknown;
    const base = changeBaseSchema.parse(stored);
    expect(base.components.map((component) => Object.keys(component).sort())[0]).toEqual([
      'component',
      'points',
      'score',
    ]);
    expect(healthChangeSince(now, base)).toEqual(healthChangeSince(now, before));
    expect(healthChangeSince(now, base).drivers.length).toBeGreaterThan(0);
  });

  it('counts a component that dropped out as losing all its points', () => {
    const now = computeHealthScore(fullInput({ sentiment: null }), settings);
    const change = healthChangeSince(now, before);
    const sentiment = change.drivers.find((driver) => driver.component === 'sentiment');
    expect(sentiment).toEqual({
      component: 'sentiment',
      scoreBefore: 85,
      scoreNow: null,
      pointsBefore: 12.8,
      pointsNow: 0,
      pointsChange: -12.8,
    });
    expect(change.drivers[0]?.component).toBe('sentiment');
    // The others gain the weight sentiment left behind.
    expect(change.drivers.slice(1).every((driver) => driver.pointsChange > 0)).toBe(true);
  });
});
