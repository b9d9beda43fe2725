import type { Logger } from '../../config/logger';
import type { Database } from '../../db/client';
import { journalOffset, saveJournalOffset } from '../../db/repositories/webhooks-journal-repository';
import type { WebhooksJournalApi } from '../../hubspot/webhooks-journal/journal-api';
import type { PortalPurgeQueue } from '../background-work';
import { recordAppUninstalled, type UninstallOutcome } from './app-uninstalled';

const globalJournal = 'global';

export interface JournalPollDependencies {
  readonly db: Database;
  readonly work: PortalPurgeQueue;
  readonly journal: WebhooksJournalApi;
  readonly retentionDays: number;
  readonly logger?: Logger;
  readonly forgetTokens?: (portalId: number) => void;
  readonly now?: () => number;
  /** Entries read per run; the next run goes on from the saved offset. */
  readonly maxEntries?: number;
}

export interface JournalPollResult {
  readonly entries: number;
  readonly uninstalls: Record<UninstallOutcome, number>;
  readonly more: boolean;
}

/**
 * Reads HubSpot's webhooks journal from where the last run stopped and records every APP_UNINSTALL: the portal stops
 * and its data is scheduled for deletion. The offset is saved after each entry, and recording is idempotent, so an
 * entry read twice (a crash between the two) changes nothing more. An offset HubSpot no longer keeps (3 days) restarts
 * the reading from the earliest entry.
 */
export async function pollJournalUninstalls(deps: JournalPollDependencies): Promise<JournalPollResult> {
  const uninstalls: Record<UninstallOutcome, number> = { uninstalled: 0, already_uninstalled: 0, not_installed: 0 };
  const maxEntries = deps.maxEntries ?? 50;
  let offset = await journalOffset(deps.db, globalJournal);
  let entries = 0;
  while (entries < maxEntries) {
    const position = await deps.journal.next(offset);
    if (position.kind === 'none') return { entries, uninstalls, more: false };
    if (position.kind === 'expired') {
      deps.logger?.warn(
        { offset },
        'the webhooks journal no longer holds the saved offset: reading again from its earliest entry',
      );
      offset = undefined;
      await saveJournalOffset(deps.db, globalJournal, null);
      continue;
    }
    for (const event of await deps.journal.lifecycleEvents(position.url)) {
      if (event.action !== 'APP_UNINSTALL') continue;
      const dependencies = {
        db: deps.db,
        work: deps.work,
        retentionDays: deps.retentionDays,
        logger: deps.logger,
        forgetTokens: deps.forgetTokens,
        now: deps.now,
      };
      uninstalls[await recordAppUninstalled(dependencies, event.portalId)] += 1;
    }
    offset = position.offset;
    await saveJournalOffset(deps.db, globalJournal, offset);
    entries += 1;
  }
  return { entries, uninstalls, more: true };
}
