import type { AdoptionPayload, TrendMetric } from '../../extensions/app/cards/shared/card-payload';
import type { CardUsageEventRow } from '../../src/db/repositories/company-card-repository';
import { localizeUsageEvents } from '../../src/domain/kpi/active-users';
import { defaultKpiSettings } from '../../src/domain/kpi/kpi-settings';
import { buildSessions } from '../../src/domain/kpi/sessions';
import { addDays, type CalendarDate } from '../../src/domain/time/calendar-date';
import { instantToLocalDate } from '../../src/domain/time/time-zone';
import { adoptionWindows } from '../../src/services/card/adoption-section';

// The card's adoption as it was computed from raw events before it read ingestion's aggregates: the reference
// the aggregate path must equal (adoption-aggregates.test.ts).

const millisecondsPerDay = 86_400_000;

interface Window {
  readonly firstDay: CalendarDate;
  readonly lastDay: CalendarDate;
}

/** A UTC range that surely covers the portal's local days [firstDay, lastDay]: time zones are within ±14 h. */
export function coveringRange(firstDay: CalendarDate, lastDay: CalendarDate): { from: Date; to: Date } {
  return {
    from: new Date(Date.parse(`${firstDay}T00:00:00Z`) - millisecondsPerDay),
    to: new Date(Date.parse(`${addDays(lastDay, 1)}T00:00:00Z`) + millisecondsPerDay),
  };
}

const within = (day: CalendarDate, window: Window) => day >= window.firstDay && day <= window.lastDay;

function metric(current: number | null, previous: number | null, missingReason: string): TrendMetric {
  return { current, previous, missingReason: current === null ? missingReason : null };
}

function roundTo(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

export function adoptionFromEvents(
  rows: readonly CardUsageEventRow[],
  companyId: string,
  seats: number | null,
  asOf: CalendarDate,
  timeZone: string,
): AdoptionPayload {
  const windows = adoptionWindows(asOf);
  const current = { firstDay: windows.currentFirstDay, lastDay: windows.lastDay };
  const previous = { firstDay: windows.previousFirstDay, lastDay: addDays(windows.currentFirstDay, -1) };
  const localized = localizeUsageEvents(
    rows.map((row) => ({
      companyId,
      userId: row.userId,
      timestamp: row.occurredAt.getTime(),
      sessionId: row.sessionId,
      durationSeconds: row.durationSeconds,
    })),
    timeZone,
  );
  const featureDays = rows.map((row) => ({
    feature: row.event,
    day: instantToLocalDate(row.occurredAt.getTime(), timeZone),
  }));
  const usersIn = (window: Window) =>
    new Set(localized.filter((event) => within(event.localDate, window)).map((event) => event.userId)).size;
  const featuresIn = (window: Window) =>
    new Set(featureDays.filter((entry) => within(entry.day, window)).map((entry) => entry.feature)).size;
  const sessions = buildSessions(localized, defaultKpiSettings.sessions);
  const meanMinutesIn = (window: Window): number | null => {
    const lengths = sessions
      .filter((session) => within(session.startDate, window))
      .map((session) => session.lengthMilliseconds);
    return lengths.length === 0
      ? null
      : roundTo(lengths.reduce((total, length) => total + length, 0) / lengths.length / 60_000, 1);
  };
  const activeNow = usersIn(current);
  const activeBefore = usersIn(previous);
  const utilization = (users: number) => (seats === null || seats === 0 ? null : roundTo((users * 100) / seats, 1));
  const noEvents = 'no usage events in the last 30 days';
  return {
    activeUsers: metric(activeNow, activeBefore, noEvents),
    seats,
    seatUtilizationPercent: metric(
      utilization(activeNow),
      utilization(activeBefore),
      'no seat count on the active contracts',
    ),
    meanSessionMinutes: metric(meanMinutesIn(current), meanMinutesIn(previous), 'no sessions in the last 30 days'),
    featureBreadth: metric(featuresIn(current), featuresIn(previous), noEvents),
  };
}
