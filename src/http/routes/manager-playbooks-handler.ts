import type { Request, RequestHandler } from 'express';
import type { Database } from '../../db/client';
import { instantToLocalDate } from '../../domain/time/time-zone';
import { loadPlaybooksOverview } from '../../services/manager/playbooks-overview';
import type { Portal } from '../../services/portfolio/portal-directory';

/** The playbooks page lives beside the portfolio: `.../manager-portfolio` -> `.../manager-playbooks`. */
export const playbooksDataName = 'manager-playbooks';

/** The playbooks page's data for the portal `portalOf` decides. */
export function managerPlaybooksHandler(
  db: Database,
  portalOf: (request: Request) => Promise<Portal>,
  now: () => number = Date.now,
): RequestHandler {
  return async (request, response) => {
    const portal = await portalOf(request);
    response
      .set('cache-control', 'no-store')
      .json(await loadPlaybooksOverview(db, portal.id, instantToLocalDate(now(), portal.timeZone)));
  };
}
