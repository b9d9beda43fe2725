import type { MatchedEventRow } from '../../db/repositories/ingestion-events-repository';
import { toSessionSummary, type StoredSessionJson } from '../../db/repositories/ingestion-sessions-repository';
import type { CalendarDate } from '../../domain/time/calendar-date';
import { instantToLocalDate } from '../../domain/time/time-zone';
import {
  sessionKeyOf,
  standInEvents,
  summarizeSessions,
  type SessionSummary,
  type WeightedEvent,
} from '../../domain/usage/session-summaries';
import type { IngestionSettings } from '../../domain/usage/ingestion-settings';

// Every zone offset is a multiple of 15 minutes, so one lookup serves a whole quarter hour.
const quarterHour = 15 * 60_000;

function localDates(timeZone: string): (at: number) => CalendarDate {
  const cache = new Map<number, CalendarDate>();
  return (at) => {
    const bucket = Math.floor(at / quarterHour);
    let date = cache.get(bucket);
    if (date === undefined) {
      date = instantToLocalDate(bucket * quarterHour, timeZone);
      cache.set(bucket, date);
    }
    return date;
  };
}

function groupKey(companyId: string, userId: string, sessionKey: string): string {
  return JSON.stringify([companyId, userId, sessionKey]);
}

export type SessionChanges = { touched: SessionSummary[]; sessions: SessionSummary[] };

/**
 * Recomputes the sessions new events touch (domain §3): each touched stored session joins the new
 * events as its stand-ins, so a late event extends, merges or splits sessions exactly as if every
 * raw event were re-read, and still does after the raw events are past retention.
 */
export function recomputeSessions(
  timeZone: string,
  settings: IngestionSettings['sessions'],
  stored: readonly MatchedEventRow[],
  touchedRows: readonly StoredSessionJson[],
): SessionChanges {
  const localDate = localDates(timeZone);
  const groups = new Map<string, { sessionKey: string; events: WeightedEvent[] }>();
  const add = (companyId: string, userId: string, sessionKey: string, events: readonly WeightedEvent[]) => {
    const key = groupKey(companyId, userId, sessionKey);
    const group = groups.get(key);
    if (group) group.events.push(...events);
    else groups.set(key, { sessionKey, events: [...events] });
  };
  for (const event of stored) {
    const sessionKey = sessionKeyOf(event.sessionId, settings);
    add(event.companyId, event.userId, sessionKey, [
      {
        companyId: event.companyId,
        userId: event.userId,
        at: event.occurredAt,
        localDate: localDate(event.occurredAt),
        sessionId: event.sessionId,
        durationMilliseconds: (event.durationSeconds ?? 0) * 1000,
        weight: 1,
      },
    ]);
  }
  const touched = touchedRows.map(toSessionSummary);
  for (const session of touched) add(session.companyId, session.userId, session.sessionKey, standInEvents(session));
  const sessions = [...groups.values()].flatMap((group) => summarizeSessions(group.events, group.sessionKey, settings));
  return { touched, sessions };
}
