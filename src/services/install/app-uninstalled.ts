import type { Logger } from '../../config/logger';
import type { Database } from '../../db/client';
import { findInstallation, markInstallationUninstalled } from '../../db/repositories/installations-repository';
import { deletePortalData } from '../../db/repositories/portal-data-repository';
import type { PortalPurgeQueue } from '../background-work';

export interface AppUninstalledDependencies {
  readonly db: Database;
  readonly work: PortalPurgeQueue;
  /** Days the portal's data is kept after the uninstall (UNINSTALLED_DATA_RETENTION_DAYS), for a change of mind. */
  readonly retentionDays: number;
  /** Drops what this process remembers of the portal's tokens. */
  readonly forgetTokens?: (portalId: number) => void;
  readonly logger?: Logger;
  readonly now?: () => number;
}

export type UninstallOutcome = 'uninstalled' | 'already_uninstalled' | 'not_installed';

const dayMilliseconds = 86_400_000;

function secondsUntil(due: Date, now: number): number {
  return Math.max(0, Math.ceil((due.getTime() - now) / 1000));
}

/**
 * HubSpot says a user removed the app from the portal: the installation stops serving (no sync, no job reaches
 * HubSpot for it) and the deletion of its data is queued for the end of the retention period. Idempotent: a
 * redelivered event keeps the first dates and queues nothing new (the queue holds one purge per portal).
 */
export async function recordAppUninstalled(
  deps: AppUninstalledDependencies,
  portalId: number,
): Promise<UninstallOutcome> {
  const now = (deps.now ?? Date.now)();
  const before = await findInstallation(deps.db, portalId);
  if (!before) return 'not_installed';
  const due = new Date(now + deps.retentionDays * dayMilliseconds);
  const after = await markInstallationUninstalled(deps.db, portalId, new Date(now), due);
  deps.forgetTokens?.(portalId);
  const dueAt = after?.dataDeletionDueAt ?? due;
  await deps.work.queuePortalPurge(portalId, secondsUntil(dueAt, now));
  const outcome = before.status === 'uninstalled' ? 'already_uninstalled' : 'uninstalled';
  deps.logger?.info(
    { portalId, outcome, dataDeletionDueAt: dueAt.toISOString() },
    'HubSpot reported the app uninstalled: portal stopped, data deletion scheduled',
  );
  return outcome;
}

export interface PurgeDependencies {
  readonly db: Database;
  readonly work: PortalPurgeQueue;
  readonly logger?: Logger;
  readonly now?: () => number;
}

export type PurgeOutcome =
  | { readonly kind: 'deleted'; readonly rows: Record<string, number> }
  | { readonly kind: 'kept'; readonly reason: 'reinstalled' | 'gone' | 'not_due' };

/** The `portal.purge` job: deletes every row of a portal still uninstalled once its retention period is over. */
export async function purgeUninstalledPortal(deps: PurgeDependencies, portalId: number): Promise<PurgeOutcome> {
  const now = (deps.now ?? Date.now)();
  const installation = await findInstallation(deps.db, portalId);
  if (!installation) return { kind: 'kept', reason: 'gone' };
  if (installation.status !== 'uninstalled' || !installation.dataDeletionDueAt)
    return { kind: 'kept', reason: 'reinstalled' };
  if (installation.dataDeletionDueAt.getTime() > now) {
    // Sent early (the period was lengthened, or a job was retried by hand): wait for the rest of it.
    await deps.work.queuePortalPurge(portalId, secondsUntil(installation.dataDeletionDueAt, now));
    return { kind: 'kept', reason: 'not_due' };
  }
  const rows = await deps.db.transaction((transaction) => deletePortalData(transaction, portalId));
  deps.logger?.info({ portalId, tables: Object.keys(rows).length }, 'data of the uninstalled portal deleted');
  return { kind: 'deleted', rows };
}
