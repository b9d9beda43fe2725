import type { Request } from 'express';
import type { Database } from '../db/client';
import { findPortal, listPortals, type Portal } from '../services/portfolio/portal-directory';
import { ServiceError } from '../services/service-error';
import { apiCallerOf, type ApiAuthMode } from './middleware/api-auth';

export interface PortalResolver {
  /** The portal a request reads or changes; with API keys, `request` (its key) decides and `requestedPortalId` may only repeat it. */
  resolve(requestedPortalId?: number, request?: Request): Promise<Portal>;
}

function notServed(portalId: number, why: string): ServiceError {
  return new ServiceError('not_found', `Portal ${portalId} is not served here`, {
    fields: [{ field: 'portalId', message: why }],
  });
}

async function syncedPortal(db: Database, portalId: number): Promise<Portal> {
  const portal = await findPortal(db, portalId);
  if (!portal)
    throw new ServiceError('not_found', `Portal ${portalId} has not been synced`, {
      fields: [{ field: 'portalId', message: 'unknown portal' }],
    });
  return portal;
}

/** With one synced portal the API needs no portal id; with several the caller must name one. */
function openPortalResolver(db: Database, configuredPortalId?: number): PortalResolver {
  return {
    async resolve(requestedPortalId) {
      // HUBSPOT_PORTAL_ID pins the API to one portal: a caller cannot name another.
      if (
        configuredPortalId !== undefined &&
        requestedPortalId !== undefined &&
        requestedPortalId !== configuredPortalId
      ) {
        throw notServed(requestedPortalId, 'not the portal this service serves');
      }
      const portalId = requestedPortalId ?? configuredPortalId;
      if (portalId !== undefined) return syncedPortal(db, portalId);
      const portals = await listPortals(db);
      const [only] = portals;
      if (portals.length === 1 && only) return only;
      if (portals.length === 0)
        throw new ServiceError('unavailable', 'No portal has been synced yet: run `npm run sync` or `npm start`');
      throw new ServiceError('validation_failed', 'Several portals are synced: pass portalId', {
        fields: [{ field: 'portalId', message: 'required when several portals are synced' }],
      });
    },
  };
}

/** The portal is the api key's: a request without a checked key (or a caller without a request) gets none. */
function keyedPortalResolver(db: Database, configuredPortalId?: number): PortalResolver {
  return {
    async resolve(requestedPortalId, request) {
      const caller = request === undefined ? undefined : apiCallerOf(request);
      if (!caller)
        throw new ServiceError('unauthorized', 'An API key is required: `Authorization: Bearer <api key>`', {
          fields: [{ field: 'Authorization', message: 'Bearer <api key> required' }],
        });
      if (requestedPortalId !== undefined && requestedPortalId !== caller.portalId)
        throw notServed(requestedPortalId, 'not the portal of this API key');
      if (configuredPortalId !== undefined && caller.portalId !== configuredPortalId)
        throw notServed(caller.portalId, 'not the portal this service serves');
      return syncedPortal(db, caller.portalId);
    },
  };
}

export function portalResolver(db: Database, configuredPortalId?: number, mode: ApiAuthMode = 'open'): PortalResolver {
  return mode === 'keys' ? keyedPortalResolver(db, configuredPortalId) : openPortalResolver(db, configuredPortalId);
}
