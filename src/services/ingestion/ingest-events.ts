import type { Database, Executor } from '../../db/client';
import {
  insertEventsWithAggregates,
  lockUsers,
  skipCommitFlush,
  type MatchedEventRow,
} from '../../db/repositories/ingestion-events-repository';
import {
  findUserAccounts,
  insertPendingEvents,
  upsertUserAccounts,
  type PendingEventRow,
} from '../../db/repositories/ingestion-pending-repository';
import { findPortal } from '../../db/repositories/portals-repository';
import type { IngestionSettings } from '../../domain/usage/ingestion-settings';
import type { NormalizedUsageEvent } from '../../domain/usage/usage-event';
import type { PlaybookEvaluationQueue } from '../background-work';
import { replaceSessions } from '../../db/repositories/ingestion-sessions-repository';
import { matchCompanies } from './company-matching';
import { recomputeSessions } from './session-aggregates';

/**
 * Whose writes these are: `ingestion-key` (the HTTP ingestion, whose key may sit in a front end) names only
 * customers' company ids; `operator` (`npm run import` on the service's own database) names any.
 */
export type IngestionTrust = 'ingestion-key' | 'operator';

export type IngestionTarget = {
  readonly db: Database;
  readonly portalId: number;
  readonly timeZone: string;
  readonly settings: IngestionSettings;
  readonly trust: IngestionTrust;
  /** Where stored events ask for a playbook evaluation (the HTTP ingestion); none for a one-off import. */
  readonly work?: PlaybookEvaluationQueue;
};

export type IngestResult = {
  /** Events stored for the first time. */
  stored: number;
  /** Events already stored (same message id), including repeats inside the request. */
  duplicates: number;
  /** Events kept aside until their account matches a company. */
  unmatched: number;
};

export async function ingestionTarget(
  db: Database,
  portalId: number,
  settings: IngestionSettings,
  trust: IngestionTrust = 'ingestion-key',
  work?: PlaybookEvaluationQueue,
): Promise<IngestionTarget> {
  const portal = await findPortal(db, portalId);
  return { db, portalId, timeZone: portal?.timeZone ?? 'UTC', settings, trust, ...(work ? { work } : {}) };
}

type Resolution = { matched: MatchedEventRow[]; pending: PendingEventRow[] };

/** A Segment identify or group call's link; stored with the events of its request, in their transaction. */
export type UserAccountLink = { userId: string; accountId: string };

/**
 * Finds each event's company: given, by account id, or (Segment) by the account the user was grouped with,
 * in this request (`links`, the latest) or before.
 */
export async function resolveCompanies(
  target: IngestionTarget,
  events: readonly NormalizedUsageEvent[],
  links: readonly UserAccountLink[] = [],
): Promise<Resolution> {
  const { db, portalId } = target;
  const linked = new Map(links.map((link) => [link.userId, link.accountId]));
  const withoutAccount = events
    .filter((event) => event.companyId === null && event.accountId === null && !linked.has(event.userId))
    .map((event) => event.userId);
  const userAccounts = await findUserAccounts(db, portalId, withoutAccount);
  const accountOf = (event: NormalizedUsageEvent) =>
    event.accountId ?? linked.get(event.userId) ?? userAccounts.get(event.userId) ?? null;
  const accountIds = events.flatMap((event) =>
    event.companyId === null ? [accountOf(event)].filter((id) => id !== null) : [],
  );
  const namedIds = events.flatMap((event) => (event.companyId === null ? [] : [event.companyId]));
  const { byAccount, named } = await matchCompanies(target, accountIds, namedIds);
  const resolution: Resolution = { matched: [], pending: [] };
  for (const event of events) {
    const accountId = event.companyId === null ? accountOf(event) : null;
    const companyId =
      event.companyId === null
        ? accountId === null
          ? undefined
          : byAccount.get(accountId)
        : named.has(event.companyId)
          ? event.companyId
          : undefined;
    if (companyId !== undefined) {
      resolution.matched.push({ ...event, companyId });
    } else {
      resolution.pending.push({
        portalId,
        messageId: event.messageId,
        // A company id that names no customer waits under that id, as an unknown account would.
        accountId: event.companyId ?? event.accountId,
        userId: event.userId,
        event: event.event,
        occurredAt: new Date(event.occurredAt),
        sessionId: event.sessionId,
        durationSeconds: event.durationSeconds,
        properties: event.properties,
      });
    }
  }
  return resolution;
}

function firstOfEachMessage(events: readonly NormalizedUsageEvent[]): NormalizedUsageEvent[] {
  const seen = new Set<string>();
  return events.filter((event) => !seen.has(event.messageId) && seen.add(event.messageId));
}

/** Inside the caller's transaction: stores new events, then updates every aggregate they touch; returns how many were new. */
export async function storeMatched(
  transaction: Executor,
  target: Omit<IngestionTarget, 'trust'>,
  matched: readonly MatchedEventRow[],
): Promise<number> {
  const { portalId, timeZone, settings } = target;
  if (!settings.synchronousCommit) await skipCommitFlush(transaction);
  await lockUsers(
    transaction,
    portalId,
    matched.map((event) => JSON.stringify([event.companyId, event.userId])),
  );
  const { sessions } = settings;
  const outcome = await insertEventsWithAggregates(transaction, portalId, timeZone, matched, {
    gapMilliseconds: sessions.inactivityMinutes * 60_000,
    useSessionId: sessions.useSessionId,
  });
  const changes = recomputeSessions(timeZone, sessions, outcome.stored, outcome.touchedSessions);
  await replaceSessions(transaction, portalId, changes.touched, changes.sessions);
  return outcome.stored.length;
}

/** Stores the links, matched events, their aggregates and the unmatched ones in one transaction (the whole batch or nothing). */
export async function storeResolved(
  target: IngestionTarget,
  resolution: Resolution,
  links: readonly UserAccountLink[] = [],
): Promise<{ stored: number; unmatched: number }> {
  return target.db.transaction(async (transaction) => {
    await upsertUserAccounts(transaction, target.portalId, links);
    const stored = await storeMatched(transaction, target, resolution.matched);
    const unmatched = await insertPendingEvents(transaction, resolution.pending);
    return { stored, unmatched };
  });
}

export async function ingestEvents(
  target: IngestionTarget,
  events: readonly NormalizedUsageEvent[],
  links: readonly UserAccountLink[] = [],
): Promise<IngestResult> {
  const unique = firstOfEachMessage(events);
  const resolution = await resolveCompanies(target, unique, links);
  const { stored, unmatched } = await storeResolved(target, resolution, links);
  if (stored > 0) await target.work?.queuePlaybookEvaluation(target.portalId);
  return { stored, unmatched, duplicates: events.length - stored - unmatched };
}
