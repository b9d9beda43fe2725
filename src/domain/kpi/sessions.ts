// Reference only: the product computes KPIs in SQL (src/services/kpi); this exists to check it (test/kpi/sql-matches-domain.test.ts).
import type { CalendarDate } from '../time/calendar-date';
import { periodContains, type Period } from '../time/periods';
import { userKey, type LocalizedUsageEvent } from './active-users';
import type { KpiSettings } from './kpi-settings';
import { median, ratio, type KpiValue } from './kpi-value';

export type Session = {
  companyId: string;
  userId: string;
  startedAt: number;
  startDate: CalendarDate;
  lengthMilliseconds: number;
};

const millisecondsPerMinute = 60_000;

function byTime(left: LocalizedUsageEvent, right: LocalizedUsageEvent): number {
  return left.at - right.at || left.durationMilliseconds - right.durationMilliseconds;
}

/** Length = last event - first event + the last event's duration; `events` are sorted and non-empty. */
function toSession(events: readonly LocalizedUsageEvent[]): Session {
  const first = events[0];
  const last = events.at(-1);
  if (!first || !last) {
    throw new RangeError('a session needs at least one event');
  }
  return {
    companyId: first.companyId,
    userId: first.userId,
    startedAt: first.at,
    startDate: first.localDate,
    lengthMilliseconds: last.at - first.at + last.durationMilliseconds,
  };
}

/** Inactivity is measured from the end of the previous event (its time plus its duration). */
function splitByInactivity(
  events: readonly LocalizedUsageEvent[],
  inactivityMilliseconds: number,
): LocalizedUsageEvent[][] {
  const sessions: LocalizedUsageEvent[][] = [];
  let current: LocalizedUsageEvent[] = [];
  let activeUntil = Number.NEGATIVE_INFINITY;
  for (const event of [...events].sort(byTime)) {
    if (current.length > 0 && event.at - activeUntil >= inactivityMilliseconds) {
      sessions.push(current);
      current = [];
    }
    current.push(event);
    activeUntil = Math.max(activeUntil, event.at + event.durationMilliseconds);
  }
  if (current.length > 0) {
    sessions.push(current);
  }
  return sessions;
}

/**
 * A session is one user's events sharing a session id; a user's events without one split where
 * the configured minutes pass with none (domain §3, session time).
 */
export function buildSessions(events: readonly LocalizedUsageEvent[], settings: KpiSettings['sessions']): Session[] {
  const groups = new Map<string, LocalizedUsageEvent[]>();
  for (const event of events) {
    const sessionId = settings.useSessionId ? event.sessionId : null;
    const key = JSON.stringify([userKey(event), sessionId]);
    const group = groups.get(key);
    if (group) {
      group.push(event);
    } else {
      groups.set(key, [event]);
    }
  }
  const inactivityMilliseconds = settings.inactivityMinutes * millisecondsPerMinute;
  const sessions: Session[] = [];
  for (const group of groups.values()) {
    const withId = settings.useSessionId && (group[0]?.sessionId ?? null) !== null;
    const parts = withId ? [[...group].sort(byTime)] : splitByInactivity(group, inactivityMilliseconds);
    sessions.push(...parts.map(toSession));
  }
  return sessions.sort((left, right) => left.startedAt - right.startedAt);
}

export type SessionTime = {
  sessions: number;
  meanSessionMinutes: KpiValue;
  medianSessionMinutes: KpiValue;
  /** Minutes of the sessions that start in the period over the period's active users. */
  minutesPerActiveUser: KpiValue;
};

/** A session belongs to the period in which it starts. */
export function sessionTime(sessions: readonly Session[], period: Period, activeUsers: number): SessionTime {
  const lengths = sessions
    .filter((session) => periodContains(period, session.startDate))
    .map((session) => session.lengthMilliseconds);
  const totalMilliseconds = lengths.reduce((total, length) => total + length, 0);
  const noSessions = 'no sessions started in the period';
  return {
    sessions: lengths.length,
    meanSessionMinutes: ratio(totalMilliseconds, lengths.length * millisecondsPerMinute, 'minutes', noSessions),
    medianSessionMinutes: median(lengths, 'minutes', noSessions, millisecondsPerMinute),
    minutesPerActiveUser: ratio(
      totalMilliseconds,
      activeUsers * millisecondsPerMinute,
      'minutes',
      'no active users in the period',
    ),
  };
}
