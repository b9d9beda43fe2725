import { describe, expect, it } from 'vitest';
import { nextLocalMidnight } from '../../../src/domain/time/next-midnight';

describe('the next midnight in a time zone (when HubSpot resets daily limits)', () => {
  it('is the coming local midnight, in UTC', () => {
    expect(new Date(nextLocalMidnight(Date.parse('2026-12-03T22:30:00Z'), 'Europe/Paris')).toISOString()).toBe(
      '2026-12-03T23:00:00.000Z',
    );
    expect(new Date(nextLocalMidnight(Date.parse('2026-12-03T23:00:00Z'), 'Europe/Paris')).toISOString()).toBe(
      '2026-12-04T23:00:00.000Z',
    );
    expect(new Date(nextLocalMidnight(Date.parse('2026-12-04T03:00:00Z'), 'America/New_York')).toISOString()).toBe(
      '2026-12-04T05:00:00.000Z',
    );
    expect(new Date(nextLocalMidnight(Date.parse('2026-12-04T03:00:00Z'), 'UTC')).toISOString()).toBe(
      '2026-12-05T00:00:00.000Z',
    );
  });

  it('follows daylight saving time changes', () => {
    // Paris moves to summer time on 2026-03-29: that day's midnight is 23:00 UTC, the next one 22:00 UTC.
    expect(new Date(nextLocalMidnight(Date.parse('2026-03-28T12:00:00Z'), 'Europe/Paris')).toISOString()).toBe(
      '2026-03-28T23:00:00.000Z',
    );
    expect(new Date(nextLocalMidnight(Date.parse('2026-03-29T12:00:00Z'), 'Europe/Paris')).toISOString()).toBe(
      '2026-03-29T22:00:00.000Z',
    );
  });
});
