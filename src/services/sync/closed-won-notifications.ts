import type { Database } from '../../db/client';
import {
  listUnnotifiedClosedWonDeals,
  markClosedWonNotified,
} from '../../db/repositories/closed-won-transitions-repository';

export type ClosedWonListener = (portalId: number, dealIds: string[]) => Promise<void>;

/**
 * Tells the listener about every recorded closed-won entry not told yet, then marks them told. Runs after the
 * commit that recorded them; a failure leaves them for the next run, so the listener must be idempotent per deal.
 */
export async function notifyClosedWonDeals(
  db: Database,
  portalId: number,
  listener: ClosedWonListener | undefined,
): Promise<string[]> {
  if (!listener) return [];
  const dealIds = await listUnnotifiedClosedWonDeals(db, portalId);
  if (dealIds.length === 0) return [];
  await listener(portalId, dealIds);
  await markClosedWonNotified(db, portalId, dealIds);
  return dealIds;
}
