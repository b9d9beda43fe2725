import { buildSessions } from '../kpi/sessions';
import type { LocalizedUsageEvent } from '../kpi/active-users';
import type { KpiSettings } from '../kpi/kpi-settings';
import type { CalendarDate } from '../time/calendar-date';

/** A stored session: domain §3's session plus what is needed to merge late events into it later. */
export type SessionSummary = {
  companyId: string;
  userId: string;
  /** The sender's session id, or '' for a session split at the inactivity gap. */
  sessionKey: string;
  startedAt: number;
  startDate: CalendarDate;
  lengthMilliseconds: number;
  /** The time of its last event: with the length, it gives that event's duration. */
  lastEventAt: number;
  /** The latest end (time plus duration) of its events: where the inactivity gap is measured from. */
  activeUntil: number;
  eventCount: number;
};

/** An event, or a stored session's stand-in that counts for `weight` events. */
export type WeightedEvent = LocalizedUsageEvent & { weight: number };

export function sessionKeyOf(sessionId: string | null, settings: KpiSettings['sessions']): string {
  return settings.useSessionId && sessionId !== null ? sessionId : '';
}

/**
 * At most two events that sessionise exactly like the session's own events, merged with any new ones:
 * the first, stretched to the session's latest end so no split can fall inside it, and the last,
 * with its own duration, which fixes the length. So late events merge without re-reading raw events.
 */
export function standInEvents(session: SessionSummary): WeightedEvent[] {
  const common = {
    companyId: session.companyId,
    userId: session.userId,
    localDate: session.startDate,
    sessionId: session.sessionKey === '' ? null : session.sessionKey,
  };
  const first: WeightedEvent = {
    ...common,
    at: session.startedAt,
    durationMilliseconds: session.activeUntil - session.startedAt,
    weight: session.eventCount,
  };
  if (session.eventCount < 2) return [first];
  const lastDuration = session.lengthMilliseconds - (session.lastEventAt - session.startedAt);
  // The last event's date is never read: only a session's first event dates it.
  return [
    { ...first, weight: session.eventCount - 1 },
    { ...common, at: session.lastEventAt, durationMilliseconds: lastDuration, weight: 1 },
  ];
}

/**
 * Summarises the sessions of one user's events of one session key, using the KPI sessionisation
 * (domain §3) so the stored aggregates and the KPIs never disagree.
 */
export function summarizeSessions(
  events: readonly WeightedEvent[],
  sessionKey: string,
  settings: KpiSettings['sessions'],
): SessionSummary[] {
  const sessions = buildSessions(events, settings);
  const sorted = [...events].sort((left, right) => left.at - right.at);
  const summaries: SessionSummary[] = sessions.map((session) => ({
    companyId: session.companyId,
    userId: session.userId,
    sessionKey,
    startedAt: session.startedAt,
    startDate: session.startDate,
    lengthMilliseconds: session.lengthMilliseconds,
    lastEventAt: session.startedAt,
    activeUntil: session.startedAt,
    eventCount: 0,
  }));
  // Sessions of one user and key never overlap, so each event belongs to the last one started at or before it.
  let current = 0;
  for (const event of sorted) {
    while (current + 1 < summaries.length && (summaries[current + 1]?.startedAt ?? Infinity) <= event.at) current += 1;
    const summary = summaries[current];
    if (!summary) continue;
    summary.eventCount += event.weight;
    summary.lastEventAt = Math.max(summary.lastEventAt, event.at);
    summary.activeUntil = Math.max(summary.activeUntil, event.at + event.durationMilliseconds);
  }
  return summaries;
}
