import type { Database } from '../../db/client';
import { deleteEventsBefore } from '../../db/repositories/ingestion-events-repository';
import { formatUtcDate } from '../../domain/time/calendar-date';
import { retentionCutoff } from '../../domain/usage/retention';
import { defaultIngestionSettings, type IngestionSettings } from '../../domain/usage/ingestion-settings';

const deletesPerStatement = 10_000;

/**
 * Deletes a portal's raw usage events older than the retention period (default 13 months), a slice at
 * a time so no statement holds locks for long. Daily aggregates and sessions are kept.
 */
export async function purgeExpiredUsageEvents(
  db: Database,
  portalId: number,
  settings: Pick<IngestionSettings, 'retentionMonths'> = defaultIngestionSettings,
  now = new Date(),
): Promise<{ cutoff: string; deleted: number }> {
  const cutoff = retentionCutoff(formatUtcDate(now), settings.retentionMonths);
  let deleted = 0;
  for (;;) {
    const slice = await deleteEventsBefore(db, portalId, new Date(`${cutoff}T00:00:00Z`), deletesPerStatement);
    deleted += slice;
    if (slice < deletesPerStatement) return { cutoff, deleted };
  }
}
