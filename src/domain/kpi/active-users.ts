// Reference only: the product computes KPIs in SQL (src/services/kpi); this exists to check it (test/kpi/sql-matches-domain.test.ts).
import { addDays, firstDayOfMonth, monthOf, type CalendarDate } from '../time/calendar-date';
import { instantToLocalDate, parseInstant } from '../time/time-zone';
import type { KpiSettings } from './kpi-settings';
import type { UsageEvent } from './kpi-input';

/** A usage event with its instant parsed and its calendar date in the portal's time zone. */
export type LocalizedUsageEvent = {
  companyId: string;
  userId: string;
  at: number;
  localDate: CalendarDate;
  sessionId: string | null;
  durationMilliseconds: number;
};

export function localizeUsageEvents(events: readonly UsageEvent[], timeZone: string): LocalizedUsageEvent[] {
  return events.flatMap((event) => {
    const at = parseInstant(event.timestamp);
    if (at === null) {
      return [];
    }
    return [
      {
        companyId: event.companyId,
        userId: event.userId,
        at,
        localDate: instantToLocalDate(at, timeZone),
        sessionId: event.sessionId ?? null,
        durationMilliseconds: Math.round((event.durationSeconds ?? 0) * 1000),
      },
    ];
  });
}

/** User ids are only unique within a company. */
export function userKey(event: Pick<LocalizedUsageEvent, 'companyId' | 'userId'>): string {
  return JSON.stringify([event.companyId, event.userId]);
}

/** Distinct users with at least one event between the two days, inclusive. */
export function activeUserKeys(
  events: readonly LocalizedUsageEvent[],
  firstDay: CalendarDate,
  lastDay: CalendarDate,
): Set<string> {
  const users = new Set<string>();
  for (const event of events) {
    if (event.localDate >= firstDay && event.localDate <= lastDay) {
      users.add(userKey(event));
    }
  }
  return users;
}

export function activeUsersByCompany(
  events: readonly LocalizedUsageEvent[],
  firstDay: CalendarDate,
  lastDay: CalendarDate,
): Map<string, number> {
  const usersByCompany = new Map<string, Set<string>>();
  for (const event of events) {
    if (event.localDate >= firstDay && event.localDate <= lastDay) {
      const users = usersByCompany.get(event.companyId) ?? new Set<string>();
      users.add(event.userId);
      usersByCompany.set(event.companyId, users);
    }
  }
  return new Map([...usersByCompany].map(([companyId, users]) => [companyId, users.size]));
}

export function dailyActiveUsers(events: readonly LocalizedUsageEvent[], day: CalendarDate): number {
  return activeUserKeys(events, day, day).size;
}

/** The 7 days ending on `day`. */
export function weeklyActiveUsers(events: readonly LocalizedUsageEvent[], day: CalendarDate): number {
  return activeUserKeys(events, addDays(day, -6), day).size;
}

/** The first day of the MAU window ending on `day`: the month to date, or the 30 days ending on it. */
export function monthlyWindowStart(
  day: CalendarDate,
  window: KpiSettings['activeUsers']['monthlyWindow'],
): CalendarDate {
  return window === 'calendar-month' ? firstDayOfMonth(monthOf(day)) : addDays(day, -29);
}

export function monthlyActiveUsers(
  events: readonly LocalizedUsageEvent[],
  day: CalendarDate,
  window: KpiSettings['activeUsers']['monthlyWindow'],
): number {
  return activeUserKeys(events, monthlyWindowStart(day, window), day).size;
}
