import type { AdoptionPayload, TrendMetric } from '../../../extensions/app/cards/shared/card-payload';
import type { Executor } from '../../db/client';
import type { AdoptionWindowDays, CardAdoptionRow } from '../../db/repositories/company-card-repository';
import { portalHadUsage } from '../../db/repositories/usage-events-repository';
import { defaultKpiSettings } from '../../domain/kpi/kpi-settings';
import { ratio, roundForDisplay } from '../../domain/kpi/kpi-value';
import { addDays, type CalendarDate } from '../../domain/time/calendar-date';

/** The portfolio's seat utilization window (domain §3), so a company's figure is its share of the portfolio's. */
export const adoptionWindowDays = defaultKpiSettings.activeUsers.seatUtilizationWindowDays;

/** The 30 portal-local days ending on `asOf` and the 30 before them. */
export function adoptionWindows(asOf: CalendarDate): AdoptionWindowDays {
  const currentFirstDay = addDays(asOf, -(adoptionWindowDays - 1));
  return { previousFirstDay: addDays(currentFirstDay, -adoptionWindowDays), currentFirstDay, lastDay: asOf };
}

/**
 * Whether the portal sends usage as of `asOf`: any company of it (a prospect on trial too) had an active user in the
 * two adoption windows. The health run and the manager view decide it here; the card's statement asks the same.
 */
export function portalSendsUsage(db: Executor, portalId: number, asOf: CalendarDate): Promise<boolean> {
  return portalHadUsage(db, portalId, { firstDay: adoptionWindows(asOf).previousFirstDay, lastDay: asOf });
}

/** Why every adoption figure is missing when no company of the portal had an active user in either window. */
export const noPortalUsage = `no product usage has reached the app from this portal in the last ${2 * adoptionWindowDays} days`;

function metric(current: number | null, previous: number | null, missingReason: string): TrendMetric {
  return { current, previous, missingReason: current === null ? missingReason : null };
}

/**
 * Active users vs seats, seat utilization, mean session minutes and feature breadth, each against the
 * previous 30 days, from ingestion's daily aggregates and stored sessions (domain §3: a session belongs
 * to the day it starts), so the card reads a few rows per day however busy the company is. Utilization
 * and mean minutes are the portfolio KPIs' exact ratios (src/services/kpi/kpi-aggregates.ts) for one
 * company, rounded half-up once for display; `seats` are the core product's.
 */
export function buildAdoptionSection(adoption: CardAdoptionRow, seats: number | null): AdoptionPayload {
  const { activeUsers, features, sessions, portalHasUsage } = adoption;
  // A portal that sends no usage (a new install before its ingestion is set up) has not measured zero users: the
  // figures are unknown, as the health score leaves usage out for it.
  if (!portalHasUsage) {
    const unknown = metric(null, null, noPortalUsage);
    return {
      activeUsers: unknown,
      seats,
      seatUtilizationPercent: unknown,
      meanSessionMinutes: unknown,
      featureBreadth: unknown,
    };
  }
  const utilization = (users: number) =>
    seats === null ? null : roundForDisplay(ratio(users, seats, 'percent', 'zero seats purchased'), 1);
  const meanMinutes = ({ count, totalMilliseconds }: { count: number; totalMilliseconds: number }) =>
    roundForDisplay(ratio(totalMilliseconds, count * 60_000, 'minutes', 'no sessions'), 1);
  const noEvents = 'no usage events in the last 30 days';
  return {
    activeUsers: metric(activeUsers.current, activeUsers.previous, noEvents),
    seats,
    seatUtilizationPercent: metric(
      utilization(activeUsers.current),
      utilization(activeUsers.previous),
      'no seat count on the active contracts',
    ),
    meanSessionMinutes: metric(
      meanMinutes(sessions.current),
      meanMinutes(sessions.previous),
      'no sessions in the last 30 days',
    ),
    featureBreadth: metric(features.current, features.previous, noEvents),
  };
}
