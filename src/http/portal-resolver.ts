import type { Database } from '../db/client';
import { findPortal, listPortals, type Portal } from '../db/repositories/portals-repository';
import { AppError } from './app-error';

export interface PortalResolver {
  resolve(requestedPortalId?: number): Promise<Portal>;
}

/** With one synced portal the API needs no portal id; with several the caller must name one. */
export function portalResolver(db: Database, configuredPortalId?: number): PortalResolver {
  return {
    async resolve(requestedPortalId) {
      const portalId = requestedPortalId ?? configuredPortalId;
      if (portalId !== undefined) {
        const portal = await findPortal(db, portalId);
        if (!portal) throw new AppError('not_found', `Portal ${portalId} has not been synced`, { fields: [{ field: 'portalId', message: 'unknown portal' }] });
        return portal;
      }
      const portals = await listPortals(db);
      const [only] = portals;
      if (portals.length === 1 && only) return only;
      if (portals.length === 0) throw new AppError('unavailable', 'No portal has been synced yet: run `npm run sync` or `npm start`');
      throw new AppError('validation_failed', 'Several portals are synced: pass portalId', { fields: [{ field: 'portalId', message: 'required when several portals are synced' }] });
    },
  };
}
