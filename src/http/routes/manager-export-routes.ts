import type { Express } from 'express';
import { z } from 'zod';
import { instantToLocalDate } from '../../domain/time/time-zone';
import { loadManagerPortfolio, managerPortfolioQuerySchema } from '../../services/manager/manager-portfolio-service';
import { managerTableCsv, managerTableSchema } from '../../services/manager/manager-tables-csv';
import type { HttpModule } from '../http-module';
import { parseQuery } from '../validation';

export const managerExportPath = '/api/v1/manager/export';

export const managerExportQuerySchema = managerPortfolioQuerySchema.safeExtend({
  table: managerTableSchema,
  portalId: z.coerce.number().int().positive().optional(),
});

/** `GET /api/v1/manager/export?table=…`: one table of the manager view as a CSV download. */
export function managerExportModule(options: { now?: () => number } = {}): HttpModule {
  return (app: Express, { db, portals }) => {
    app.get(managerExportPath, async (request, response) => {
      const query = parseQuery(managerExportQuerySchema, request.query);
      const portal = await portals.resolve(query.portalId, request);
      const view = await loadManagerPortfolio(db, {
        portal,
        asOf: instantToLocalDate((options.now ?? Date.now)(), portal.timeZone),
        query,
        // The page lists the runs needing attention first; the download has every open run.
        openRunsLimit: query.table === 'playbook_runs' ? null : undefined,
      });
      response
        .set('cache-control', 'no-store')
        .attachment(`${query.table}-${view.from}-${view.to}.csv`)
        .type('text/csv; charset=utf-8; header=present')
        .send(managerTableCsv(view, query.table));
    });
  };
}
