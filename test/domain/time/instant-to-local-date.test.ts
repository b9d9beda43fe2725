import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatCalendarDate } from '../../../src/domain/time/calendar-date';
import { instantToLocalDate } from '../../../src/domain/time/time-zone';

// The reference: every part read from formatToParts, as the fast path must agree with.
function referenceDate(epochMilliseconds: number, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    calendar: 'gregory',
    numberingSystem: 'latn',
  }).formatToParts(epochMilliseconds);
  const part = (type: string) => Number(parts.find((candidate) => candidate.type === type)?.value);
  return formatCalendarDate(part('year'), part('month'), part('day'));
}

const zones = [
  'UTC',
  'Europe/Berlin',
  'America/Los_Angeles',
  'Asia/Kathmandu',
  'Pacific/Chatham',
  'Australia/Lord_Howe',
  'Pacific/Kiritimati',
  'America/St_Johns',
];

describe('instantToLocalDate', () => {
  it.each([
    [Date.UTC(2026, 2, 29, 0, 59, 59, 999), 'Europe/Berlin', '2026-03-29'],
    [Date.UTC(2026, 9, 24, 22, 0), 'Europe/Berlin', '2026-10-25'],
    [Date.UTC(2026, 9, 24, 21, 59, 59, 999), 'Europe/Berlin', '2026-10-24'],
    [Date.UTC(2026, 0, 1, 7, 59), 'America/Los_Angeles', '2025-12-31'],
    [Date.UTC(2026, 0, 1, 18, 15), 'Asia/Kathmandu', '2026-01-02'],
    [Date.UTC(999, 0, 1, 12), 'UTC', '0999-01-01'],
  ])('%s in %s is %s', (instant, timeZone, expected) => {
    expect(instantToLocalDate(instant, timeZone)).toBe(expected);
  });

  it('agrees with formatToParts for any instant from 1900 to 2200 in zones with odd offsets and transitions', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2200, 0, 1) }),
        fc.constantFrom(...zones),
        (instant, timeZone) => {
          expect(instantToLocalDate(instant, timeZone)).toBe(referenceDate(instant, timeZone));
        },
      ),
      { numRuns: 5_000 },
    );
  });

  it('rejects an instant that is not a time', () => {
    expect(() => instantToLocalDate(Number.NaN, 'UTC')).toThrow(RangeError);
  });
});
