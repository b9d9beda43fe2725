import type { Database } from '../../db/client';
import { findPortal, type Portal } from '../../db/repositories/portals-repository';

/** How long the card trusts a portal's time zone and currency before reading them again. */
export const portalCacheMilliseconds = 5_000;

/**
 * The portal row, read at most once per `ttlMilliseconds` per portal: every card request needs its time
 * zone and currency, which change about never. A missing portal is not remembered, so a portal synced
 * a moment ago is served at once.
 */
export function cachedPortalLookup(
  db: Database,
  ttlMilliseconds = portalCacheMilliseconds,
  clock: () => number = () => performance.now(),
) {
  const entries = new Map<number, { readonly portal: Promise<Portal | undefined>; readonly expiresAt: number }>();
  return (portalId: number): Promise<Portal | undefined> => {
    const now = clock();
    const cached = entries.get(portalId);
    if (cached && cached.expiresAt > now) return cached.portal;
    const portal = findPortal(db, portalId);
    entries.set(portalId, { portal, expiresAt: now + ttlMilliseconds });
    portal.then(
      (found) => {
        if (found === undefined) entries.delete(portalId);
      },
      () => entries.delete(portalId),
    );
    return portal;
  };
}
