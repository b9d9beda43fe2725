import type { Request, RequestHandler } from 'express';
import type { Database } from '../../db/client';
import type { Portal } from '../../services/portfolio/portal-directory';
import { instantToLocalDate } from '../../domain/time/time-zone';
import { loadManagerPortfolio, managerPortfolioQuerySchema } from '../../services/manager/manager-portfolio-service';
import { parseQuery } from '../validation';

/** The manager view's data for the portal `portalOf` decides; the query is checked before anything is read. */
export function managerPortfolioHandler(
  db: Database,
  portalOf: (request: Request) => Promise<Portal>,
  now: () => number = Date.now,
): RequestHandler {
  return async (request, response) => {
    const query = parseQuery(managerPortfolioQuerySchema, request.query);
    const portal = await portalOf(request);
    response
      .set('cache-control', 'no-store')
      .json(await loadManagerPortfolio(db, { portal, asOf: instantToLocalDate(now(), portal.timeZone), query }));
  };
}
