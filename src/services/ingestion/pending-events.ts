import type { Database } from '../../db/client';
import type { MatchedEventRow } from '../../db/repositories/ingestion-events-repository';
import { deletePendingEvents, listPendingPage } from '../../db/repositories/ingestion-pending-repository';
import { defaultIngestionSettings, type IngestionSettings } from '../../domain/usage/ingestion-settings';
import { matchCompanies } from './company-matching';
import { ingestionTarget, storeMatched } from './ingest-events';

// The accounts whose events wait for a company, for the HTTP layer (which never reads src/db).
export { listUnmatchedAccounts } from '../../db/repositories/ingestion-pending-repository';

const pageSize = 1_000;

/**
 * Moves the events kept aside into the portal's usage once their account matches a company (after a
 * sync, or a Segment `group` call); returns how many were attached. Safe to call at any time.
 */
export async function attachPendingEvents(
  db: Database,
  portalId: number,
  settings: IngestionSettings = defaultIngestionSettings,
  onlyUserIds?: readonly string[],
): Promise<number> {
  const target = await ingestionTarget(db, portalId, settings);
  let attached = 0;
  let after: string | null = null;
  for (;;) {
    const page = await listPendingPage(db, portalId, after, pageSize, onlyUserIds);
    const last = page.at(-1);
    if (!last) return attached;
    after = last.messageId;
    const accountIds = page.flatMap((event) => (event.resolvedAccountId === null ? [] : [event.resolvedAccountId]));
    const { byAccount: companies } = await matchCompanies(target, accountIds, []);
    const matched: MatchedEventRow[] = page.flatMap((event) => {
      const companyId = event.resolvedAccountId === null ? undefined : companies.get(event.resolvedAccountId);
      if (companyId === undefined) return [];
      return [{ ...event, companyId, occurredAt: event.occurredAt.getTime() }];
    });
    if (matched.length === 0) continue;
    await db.transaction(async (transaction) => {
      await storeMatched(transaction, target, matched);
      await deletePendingEvents(
        transaction,
        portalId,
        matched.map((event) => event.messageId),
      );
    });
    attached += matched.length;
  }
}
