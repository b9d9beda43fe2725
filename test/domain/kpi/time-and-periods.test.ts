import { describe, expect, it } from 'vitest';
import {
  addDays,
  addMonths,
  calendarDateSchema,
  daysBetween,
  lastDayOfMonth,
} from '../../../src/domain/time/calendar-date';
import {
  periodContains,
  periodFromLabel,
  periodsBetween,
  trailingTwelveMonthsPeriod,
} from '../../../src/domain/time/periods';
import { instantToLocalDate, parseInstant, timeZoneSchema } from '../../../src/domain/time/time-zone';

describe('calendar dates', () => {
  it.each([
    ['2026-01-31', 1, '2026-02-28'],
    ['2028-01-31', 1, '2028-02-29'],
    ['2026-03-31', -1, '2026-02-28'],
    ['2026-12-15', 1, '2027-01-15'],
    ['2026-01-15', -13, '2024-12-15'],
    ['2026-05-31', 12, '2027-05-31'],
  ])('%s + %i months = %s', (date, months, expected) => {
    expect(addMonths(date, months)).toBe(expected);
  });

  it('adds days across a leap day and counts days', () => {
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2028-03-01', -1)).toBe('2028-02-29');
    expect(daysBetween('2026-01-01', '2026-04-01')).toBe(90);
    expect(daysBetween('2026-04-01', '2026-01-01')).toBe(-90);
    expect(lastDayOfMonth('2024-02')).toBe('2024-02-29');
  });

  it.each([['2026-02-29'], ['2026-13-01'], ['2026-1-01'], ['20260101']])('rejects %s', (value) => {
    expect(calendarDateSchema.safeParse(value).success).toBe(false);
  });
});

describe('instants in the portal time zone', () => {
  it.each([
    ['2026-03-31T23:30:00Z', 'Asia/Tokyo', '2026-04-01'],
    ['2026-03-31T23:30:00Z', 'UTC', '2026-03-31'],
    ['2026-04-01T06:59:59Z', 'America/Los_Angeles', '2026-03-31'],
    ['2026-04-01T07:00:00Z', 'America/Los_Angeles', '2026-04-01'],
    ['2026-04-01T08:30:00+09:00', 'UTC', '2026-03-31'],
    ['1775000000000', 'UTC', '2026-03-31'],
  ])('%s in %s is %s', (instant, timeZone, date) => {
    const milliseconds = parseInstant(instant);
    expect(milliseconds).not.toBeNull();
    expect(instantToLocalDate(milliseconds ?? 0, timeZone)).toBe(date);
  });

  it.each([['yesterday'], ['2026-02-30T00:00:00Z'], ['2026-03-31T10:00:00'], ['']])('%j is not an instant', (value) => {
    expect(parseInstant(value)).toBeNull();
  });

  it('validates time zone names', () => {
    expect(timeZoneSchema.safeParse('Europe/Berlin').success).toBe(true);
    expect(timeZoneSchema.safeParse('Mars/Olympus').success).toBe(false);
  });
});

describe('periods', () => {
  it('generates months, quarters, years and trailing twelve months from a month range', () => {
    expect(periodsBetween('month', '2025-11', '2026-02').map((period) => period.label)).toEqual([
      '2025-11',
      '2025-12',
      '2026-01',
      '2026-02',
    ]);
    expect(periodsBetween('quarter', '2025-11', '2026-04')).toEqual([
      { kind: 'quarter', label: '2025-Q4', firstDay: '2025-10-01', lastDay: '2025-12-31' },
      { kind: 'quarter', label: '2026-Q1', firstDay: '2026-01-01', lastDay: '2026-03-31' },
      { kind: 'quarter', label: '2026-Q2', firstDay: '2026-04-01', lastDay: '2026-06-30' },
    ]);
    expect(periodsBetween('year', '2025-11', '2026-02').map((period) => period.label)).toEqual(['2025', '2026']);
    expect(
      periodsBetween('trailing-twelve-months', '2026-02', '2026-03').map((period) => [period.firstDay, period.lastDay]),
    ).toEqual([
      ['2025-03-01', '2026-02-28'],
      ['2025-04-01', '2026-03-31'],
    ]);
    expect(periodsBetween('month', '2026-03', '2026-02')).toEqual([]);
  });

  it.each([['2026-02'], ['2026-Q3'], ['2026'], ['T12M-2026-03']])('label %s round-trips', (label) => {
    expect(periodFromLabel(label)?.label).toBe(label);
  });

  it.each([['2026-13'], ['2026-Q5'], ['T12M-2026-00'], ['March']])('label %s is not a period', (label) => {
    expect(periodFromLabel(label)).toBeNull();
  });

  it('contains its first and last day only', () => {
    const period = trailingTwelveMonthsPeriod('2026-03');
    expect(periodContains(period, '2025-04-01')).toBe(true);
    expect(periodContains(period, '2026-03-31')).toBe(true);
    expect(periodContains(period, '2025-03-31')).toBe(false);
    expect(periodContains(period, '2026-04-01')).toBe(false);
  });
});
