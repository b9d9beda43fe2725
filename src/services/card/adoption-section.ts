import type { AdoptionPayload, TrendMetric } from '../../../extensions/app/cards/shared/card-payload';
import type { AdoptionWindowDays, CardAdoptionRow } from '../../db/repositories/company-card-repository';
import { addDays, type CalendarDate } from '../../domain/time/calendar-date';

export const adoptionWindowDays = 30;

/** The 30 portal-local days ending on `asOf` and the 30 before them. */
export function adoptionWindows(asOf: CalendarDate): AdoptionWindowDays {
  const currentFirstDay = addDays(asOf, -(adoptionWindowDays - 1));
  return { previousFirstDay: addDays(currentFirstDay, -adoptionWindowDays), currentFirstDay, lastDay: asOf };
}

function metric(current: number | null, previous: number | null, missingReason: string): TrendMetric {
  return { current, previous, missingReason: current === null ? missingReason : null };
}

function roundTo(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/**
 * Active users vs seats, seat utilization, mean session minutes and feature breadth, each against the
 * previous 30 days, from ingestion's daily aggregates and stored sessions (domain §3: a session belongs
 * to the day it starts), so the card reads a few rows per day however busy the company is.
 */
export function buildAdoptionSection(adoption: CardAdoptionRow, seats: number | null): AdoptionPayload {
  const { activeUsers, features, sessions } = adoption;
  const utilization = (users: number) => (seats === null || seats === 0 ? null : roundTo((users * 100) / seats, 1));
  const meanMinutes = ({ count, totalMilliseconds }: { count: number; totalMilliseconds: number }) =>
    count === 0 ? null : roundTo(totalMilliseconds / count / 60_000, 1);
  const noEvents = 'no usage events in the last 30 days';
  return {
    activeUsers: metric(activeUsers.current, activeUsers.previous, noEvents),
    seats,
    seatUtilizationPercent: metric(utilization(activeUsers.current), utilization(activeUsers.previous), 'no seat count on the active contracts'),
    meanSessionMinutes: metric(meanMinutes(sessions.current), meanMinutes(sessions.previous), 'no sessions in the last 30 days'),
    featureBreadth: metric(features.current, features.previous, noEvents),
  };
}
