import type { Express, Request } from 'express';
import { z } from 'zod';
import { findPortal, type Portal } from '../../services/portfolio/portal-directory';
import { ServiceError } from '../../services/service-error';
import type { HttpModule } from '../http-module';
import { verifiedHubSpotRequest, verifyHubSpotSignature } from '../middleware/hubspot-signature';
import { parseQuery } from '../validation';
import { managerPortfolioHandler } from './manager-portfolio-handler';
import { managerPlaybooksHandler, playbooksDataName } from './manager-playbooks-handler';
import { managerRenewalsHandler, renewalsDataName } from './manager-renewals-handler';
import { managerPreview } from './manager-preview-routes';

export const managerApiPath = '/api/v1/manager/portfolio';
/** The home page's data path in app.json (`home.dataPath`). */
export const managerHomePath = '/hubspot/home/manager-portfolio';
export const managerRenewalsApiPath = '/api/v1/manager/renewals';
export const managerRenewalsHomePath = `/hubspot/home/${renewalsDataName}`;
export const managerPlaybooksApiPath = '/api/v1/manager/playbooks';
export const managerPlaybooksHomePath = `/hubspot/home/${playbooksDataName}`;

export const portalQuerySchema = z.object({ portalId: z.coerce.number().int().positive().optional() });

export interface ManagerModuleOptions {
  /** The app's client secret; without it the signed home page endpoint is not mounted. */
  readonly clientSecret?: string;
  /** The public base URL HubSpot signs (app.json `service.publicUrl`). */
  readonly publicUrl?: string;
  /** The unsigned local preview at `/manager`: only for local use, like the card preview. */
  readonly preview: boolean;
  readonly now?: () => number;
}

/**
 * `GET /api/v1/manager/portfolio`; the home page endpoint for hubspot.fetch (signature checked, the
 * portal taken from the signed URL); and, in the preview, `/manager` rendered by the home page's components.
 */
export function managerModule(options: ManagerModuleOptions): HttpModule {
  return (app: Express, context) => {
    const { db, portals } = context;
    const now = options.now ?? Date.now;
    const queriedPortal = (request: Request) =>
      portals.resolve(parseQuery(portalQuerySchema, request.query).portalId, request);
    app.get(managerApiPath, managerPortfolioHandler(db, queriedPortal, now));
    app.get(managerRenewalsApiPath, managerRenewalsHandler(db, queriedPortal, now));
    app.get(managerPlaybooksApiPath, managerPlaybooksHandler(db, queriedPortal, now));
    if (options.clientSecret) {
      const signedPortal = async (request: Request): Promise<Portal> => {
        const { portalId } = verifiedHubSpotRequest(request);
        const portal = await findPortal(db, portalId);
        if (!portal) throw new ServiceError('not_found', `Portal ${portalId} has not been synced`);
        return portal;
      };
      const verified = verifyHubSpotSignature({
        clientSecret: options.clientSecret,
        publicUrl: options.publicUrl,
        now,
      });
      app.get(managerHomePath, verified, managerPortfolioHandler(db, signedPortal, now));
      app.get(managerRenewalsHomePath, verified, managerRenewalsHandler(db, signedPortal, now));
      app.get(managerPlaybooksHomePath, verified, managerPlaybooksHandler(db, signedPortal, now));
    }
    if (options.preview) managerPreview(app, context, now);
  };
}
