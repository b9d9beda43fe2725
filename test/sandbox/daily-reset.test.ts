import { describe, expect, it } from 'vitest';
import { nextLocalMidnight } from '../../src/domain/time/next-midnight';
import { nextDailyReset } from '../../src/sandbox/daily-reset';

// The sandbox keeps its own clock rule (it imports nothing of the product); it must match the product's.
describe("the sandbox resets the daily limit at the account's midnight", () => {
  const zones = ['UTC', 'America/New_York', 'Europe/Berlin', 'Asia/Kolkata', 'Australia/Lord_Howe', 'Pacific/Apia'];
  const instants = [
    '2026-03-08T06:30:00Z',
    '2026-03-29T00:59:59Z',
    '2026-10-25T23:00:00Z',
    '2026-11-01T04:00:00Z',
    '2026-12-31T23:59:59.500Z',
    '2026-06-15T12:00:00Z',
  ];

  it.each(zones)("in %s it agrees with the product's next local midnight", (zone) => {
    for (const instant of instants) {
      const at = Date.parse(instant);
      expect(nextDailyReset(at, zone), `${instant} in ${zone}`).toBe(nextLocalMidnight(at, zone));
    }
  });

  it('is midnight of the next day, local time', () => {
    expect(new Date(nextDailyReset(Date.parse('2026-07-01T15:00:00Z'), 'America/New_York')).toISOString()).toBe(
      '2026-07-02T04:00:00.000Z',
    );
  });
});
