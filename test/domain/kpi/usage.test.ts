import { describe, expect, it } from 'vitest';
import {
  activeUsersByCompany,
  dailyActiveUsers,
  localizeUsageEvents,
  monthlyActiveUsers,
  weeklyActiveUsers,
} from '../../../src/domain/kpi/active-users';
import { kpiSettingsSchema } from '../../../src/domain/kpi/kpi-settings';
import { overallSeatUtilization, seatUtilizationByCompany } from '../../../src/domain/kpi/seat-utilization';
import { buildSessions, sessionTime } from '../../../src/domain/kpi/sessions';
import type { UsageEvent } from '../../../src/domain/kpi/kpi-input';
import { monthPeriod } from '../../../src/domain/time/periods';
import { contract, fraction } from './kpi-fixtures';

const march = monthPeriod('2026-03');

function event(userId: string, timestamp: string, extra: Partial<UsageEvent> = {}): UsageEvent {
  return { companyId: 'c1', userId, timestamp, ...extra };
}

const sessionEvents: UsageEvent[] = [
  event('u1', '2026-03-10T10:00:00Z'),
  event('u1', '2026-03-10T10:10:00Z'),
  event('u1', '2026-03-10T10:35:00Z'),
  event('u1', '2026-03-10T11:10:00Z'),
  event('u1', '2026-03-10T11:12:00Z', { durationSeconds: 60 }),
  event('u2', '2026-03-11T09:00:00Z', { sessionId: 's1' }),
  event('u2', '2026-03-11T12:00:00Z', { sessionId: 's1', durationSeconds: 120 }),
  event('u1', '2026-03-31T23:50:00Z'),
  event('u1', '2026-04-01T00:10:00Z'),
];

function sessionsOf(events: UsageEvent[], settings: object = {}, timeZone = 'UTC') {
  return buildSessions(localizeUsageEvents(events, timeZone), kpiSettingsSchema.parse({ sessions: settings }).sessions);
}

describe('sessions', () => {
  it("splits by 30 minutes of inactivity, keeps session ids together, adds the last event's duration", () => {
    expect(
      sessionsOf(sessionEvents).map((session) => [
        session.userId,
        session.startDate,
        session.lengthMilliseconds / 60_000,
      ]),
    ).toEqual([
      ['u1', '2026-03-10', 35],
      ['u1', '2026-03-10', 3],
      ['u2', '2026-03-11', 182],
      ['u1', '2026-03-31', 20],
    ]);
  });

  it('a session belongs to the period it starts in: mean 60, median 27.5, 120 minutes per active user', () => {
    const time = sessionTime(sessionsOf(sessionEvents), march, 2);
    expect(time.sessions).toBe(4);
    expect(fraction(time.meanSessionMinutes)).toEqual([240 * 60_000, 4 * 60_000]);
    expect(time.meanSessionMinutes.value).toBe(60);
    expect(time.medianSessionMinutes.value).toBe(27.5);
    expect(time.minutesPerActiveUser.value).toBe(120);
    expect(sessionTime(sessionsOf(sessionEvents), monthPeriod('2026-04'), 1).sessions).toBe(0);
  });

  it.each([
    ['exactly 30 minutes apart splits', '10:30:00', 2],
    ['29:59 apart does not split', '10:29:59', 1],
  ])('%s', (_name, second, count) => {
    expect(sessionsOf([event('u', '2026-03-10T10:00:00Z'), event('u', `2026-03-10T${second}Z`)])).toHaveLength(count);
  });

  it('measures inactivity from the end of an event with a duration', () => {
    const events = [event('u', '2026-03-10T10:00:00Z', { durationSeconds: 600 }), event('u', '2026-03-10T10:35:00Z')];
    expect(sessionsOf(events).map((session) => session.lengthMilliseconds / 60_000)).toEqual([35]);
  });

  it('the inactivity minutes and the use of session ids are settings', () => {
    expect(
      sessionsOf(sessionEvents, { inactivityMinutes: 60 }).filter((session) => session.userId === 'u1'),
    ).toHaveLength(2);
    expect(
      sessionsOf(sessionEvents, { useSessionId: false }).filter((session) => session.userId === 'u2'),
    ).toHaveLength(2);
  });

  it('the same user id in two companies is two users', () => {
    expect(
      sessionsOf([event('u', '2026-03-10T10:00:00Z'), event('u', '2026-03-10T10:01:00Z', { companyId: 'c2' })]),
    ).toHaveLength(2);
  });

  it('a session starting before local midnight belongs to that local day', () => {
    expect(sessionsOf(sessionEvents, {}, 'Asia/Tokyo').at(-1)?.startDate).toBe('2026-04-01');
  });

  it('no sessions or no active users gives no value', () => {
    const time = sessionTime([], march, 0);
    expect(time.meanSessionMinutes).toMatchObject({ value: null, reason: 'no sessions started in the period' });
    expect(time.medianSessionMinutes.value).toBeNull();
    expect(time.minutesPerActiveUser).toMatchObject({ value: null, reason: 'no active users in the period' });
  });
});

describe('active users', () => {
  const events = localizeUsageEvents(
    [
      event('u1', '2026-03-31T10:00:00Z'),
      event('u2', '2026-03-26T10:00:00Z'),
      event('u3', '2026-03-02T10:00:00Z'),
      event('u4', '2026-02-28T10:00:00Z'),
      event('u1', '2026-03-31T11:00:00Z', { companyId: 'c2' }),
    ],
    'UTC',
  );

  it.each([
    ['DAU', dailyActiveUsers(events, '2026-03-31'), 2],
    ['WAU (7 days)', weeklyActiveUsers(events, '2026-03-31'), 3],
    ['MAU calendar month', monthlyActiveUsers(events, '2026-03-31', 'calendar-month'), 4],
    ['MAU 30 days (Mar 2 - Mar 31)', monthlyActiveUsers(events, '2026-03-31', 'trailing-30-days'), 4],
    ['MAU 30 days on Mar 29 reaches back to Feb 28', monthlyActiveUsers(events, '2026-03-29', 'trailing-30-days'), 3],
    ['MAU calendar month to date on Mar 30', monthlyActiveUsers(events, '2026-03-30', 'calendar-month'), 2],
  ])('%s', (_name, actual, expected) => {
    expect(actual).toBe(expected);
  });

  it('per company', () => {
    expect(activeUsersByCompany(events, '2026-03-01', '2026-03-31')).toEqual(
      new Map([
        ['c1', 3],
        ['c2', 1],
      ]),
    );
  });
});

describe('seat utilization', () => {
  const contracts = [
    contract('c1', 1_000, '2026-01-01', '2027-01-01', { seats: 10 }),
    contract('c1', 500, '2026-02-01', '2027-01-01', { seats: null }),
    // Not the core product: its seats are not the ones users fill (domain §3, seat utilization).
    contract('c1', 300, '2026-01-01', '2027-01-01', { seats: 50, product: 'analytics' }),
    contract('c2', 1_000, '2026-01-01', '2027-01-01'),
    contract('c3', 1_000, '2026-01-01', '2027-01-01', { seats: 0 }),
  ];
  const events = localizeUsageEvents(
    ['u1', 'u2', 'u3', 'u4']
      .map((userId) => event(userId, '2026-03-20T10:00:00Z'))
      .concat(event('u5', '2026-03-01T10:00:00Z')),
    'UTC',
  );

  it("active users in 30 days over the core product's seats purchased", () => {
    const perCompany = seatUtilizationByCompany(contracts, events, '2026-03-31', 30, 'core');
    expect(perCompany.find((entry) => entry.companyId === 'c1')).toMatchObject({
      activeUsers: 4,
      seats: 10,
      utilization: { value: 40 },
    });
    expect(perCompany.find((entry) => entry.companyId === 'c2')?.utilization).toMatchObject({
      value: null,
      reason: 'no seats on the active contracts',
    });
    expect(perCompany.find((entry) => entry.companyId === 'c3')?.utilization).toMatchObject({
      value: null,
      reason: 'zero seats purchased',
    });
    expect(fraction(overallSeatUtilization(perCompany))).toEqual([4, 10]);
  });
});
