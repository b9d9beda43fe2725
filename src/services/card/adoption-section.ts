import type { AdoptionPayload, TrendMetric } from '../../../extensions/app/cards/shared/card-payload';
import type { CardUsageEventRow } from '../../db/repositories/company-card-repository';
import { localizeUsageEvents } from '../../domain/kpi/active-users';
import { defaultKpiSettings } from '../../domain/kpi/kpi-settings';
import { buildSessions } from '../../domain/kpi/sessions';
import { addDays, type CalendarDate } from '../../domain/time/calendar-date';
import { instantToLocalDate } from '../../domain/time/time-zone';

export const adoptionWindowDays = 30;

interface Window {
  readonly firstDay: CalendarDate;
  readonly lastDay: CalendarDate;
}

/** The 30 days ending on `asOf` and the 30 before them. */
export function adoptionWindows(asOf: CalendarDate): { current: Window; previous: Window } {
  const currentFirst = addDays(asOf, -(adoptionWindowDays - 1));
  return {
    current: { firstDay: currentFirst, lastDay: asOf },
    previous: { firstDay: addDays(currentFirst, -adoptionWindowDays), lastDay: addDays(currentFirst, -1) },
  };
}

function within(day: CalendarDate, window: Window): boolean {
  return day >= window.firstDay && day <= window.lastDay;
}

function metric(current: number | null, previous: number | null, missingReason: string): TrendMetric {
  return { current, previous, missingReason: current === null ? missingReason : null };
}

function roundTo(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** Active users vs seats, seat utilization, mean session minutes and feature breadth, each against the previous 30 days. */
export function buildAdoptionSection(rows: readonly CardUsageEventRow[], companyId: string, seats: number | null, asOf: CalendarDate, timeZone: string): AdoptionPayload {
  const { current, previous } = adoptionWindows(asOf);
  const localized = localizeUsageEvents(
    rows.map((row) => ({ companyId, userId: row.userId, timestamp: row.occurredAt.getTime(), sessionId: row.sessionId, durationSeconds: row.durationSeconds })),
    timeZone,
  );
  const featureDays = rows.map((row) => ({ feature: row.event, day: instantToLocalDate(row.occurredAt.getTime(), timeZone) }));
  const usersIn = (window: Window) => new Set(localized.filter((event) => within(event.localDate, window)).map((event) => event.userId)).size;
  const featuresIn = (window: Window) => new Set(featureDays.filter((entry) => within(entry.day, window)).map((entry) => entry.feature)).size;
  const sessions = buildSessions(localized, defaultKpiSettings.sessions);
  const meanMinutesIn = (window: Window): number | null => {
    const lengths = sessions.filter((session) => within(session.startDate, window)).map((session) => session.lengthMilliseconds);
    return lengths.length === 0 ? null : roundTo(lengths.reduce((total, length) => total + length, 0) / lengths.length / 60_000, 1);
  };
  const activeNow = usersIn(current);
  const activeBefore = usersIn(previous);
  const utilization = (users: number) => (seats === null || seats === 0 ? null : roundTo((users * 100) / seats, 1));
  const noEvents = 'no usage events in the last 30 days';
  return {
    activeUsers: metric(activeNow, activeBefore, noEvents),
    seats,
    seatUtilizationPercent: metric(utilization(activeNow), utilization(activeBefore), 'no seat count on the active contracts'),
    meanSessionMinutes: metric(meanMinutesIn(current), meanMinutesIn(previous), 'no sessions in the last 30 days'),
    featureBreadth: metric(featuresIn(current), featuresIn(previous), noEvents),
  };
}
