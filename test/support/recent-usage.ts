import type { Database } from '../../src/db/client';
import { ingestUsage } from '../card/card-seed';

/**
 * One active user of `companyId` on each of `days`: a portal still sending product usage on those days. Without
 * any usage in the 60 days before a health run, a portal's seat utilization is unknown, not zero (no low seat
 * utilization alerts), so a fixture whose recorded usage is months old needs this to be scored as a portal in use.
 */
export async function sendRecentUsage(
  db: Database,
  portal: { readonly id: number; readonly timeZone: string },
  companyId: string,
  days: readonly string[],
): Promise<void> {
  await ingestUsage(
    db,
    portal.id,
    portal.timeZone,
    days.map((day) => ({
      messageId: `recent-usage-${companyId}-${day}`,
      companyId,
      userId: 'recent-user',
      event: 'dashboard.view',
      occurredAt: Date.parse(`${day}T12:00:00Z`),
      sessionId: null,
      durationSeconds: 60,
      properties: {},
    })),
  );
}
