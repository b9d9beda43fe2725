import type { Request, RequestHandler } from 'express';
import { renewalsQuerySchema } from '../../../extensions/app/pages/shared/renewals-payload';
import type { Database } from '../../db/client';
import type { Portal } from '../../services/portfolio/portal-directory';
import { instantToLocalDate } from '../../domain/time/time-zone';
import { loadRenewalsWorkspace } from '../../services/risk/renewals-workspace';
import { parseQuery } from '../validation';

/** The renewals page lives beside the portfolio: `.../manager-portfolio` -> `.../manager-renewals`. */
export const renewalsDataName = 'manager-renewals';

/** The renewals page's data for the portal `portalOf` decides; the query is checked before anything is read. */
export function managerRenewalsHandler(
  db: Database,
  portalOf: (request: Request) => Promise<Portal>,
  now: () => number = Date.now,
): RequestHandler {
  return async (request, response) => {
    const query = parseQuery(renewalsQuerySchema, request.query);
    const portal = await portalOf(request);
    response
      .set('cache-control', 'no-store')
      .json(await loadRenewalsWorkspace(db, portal, instantToLocalDate(now(), portal.timeZone), query));
  };
}
