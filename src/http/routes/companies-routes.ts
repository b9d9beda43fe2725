import { Router } from 'express';
import { z } from 'zod';
import type { Database } from '../../db/client';
import { listCompanySummaries, type CompanySummaryRow } from '../../services/portfolio/company-directory';
import { customerStatusOf } from '../../domain/contracts/customer-status';
import { toMajorUnits } from '../../domain/money/major-units';
import { calendarDateSchema } from '../../domain/time/calendar-date';
import { instantToLocalDate } from '../../domain/time/time-zone';
import { minorUnitDigits } from '../../domain/contracts/currency';
import { parseQuery } from '../validation';
import type { PortalResolver } from '../portal-resolver';

export const listQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  after: z.string().min(1).max(64).optional(),
  ownerId: z.string().min(1).max(64).optional(),
  q: z.string().min(1).max(200).optional(),
  portalId: z.coerce.number().int().positive().optional(),
  asOf: calendarDateSchema.optional(),
});

function ownerOf(row: CompanySummaryRow) {
  if (row.ownerId === null) return null;
  const name = [row.ownerFirstName, row.ownerLastName].filter(Boolean).join(' ');
  return { id: row.ownerId, name: name || row.ownerEmail || row.ownerId, email: row.ownerEmail };
}

export function companiesRouter(db: Database, portals: PortalResolver): Router {
  const router = Router();
  router.get('/', async (request, response) => {
    const query = parseQuery(listQuerySchema, request.query);
    const portal = await portals.resolve(query.portalId, request);
    const digits = minorUnitDigits(portal.currency);
    const onDate = query.asOf ?? instantToLocalDate(Date.now(), portal.timeZone);
    const rows = await listCompanySummaries(db, {
      portalId: portal.id,
      onDate,
      limit: query.limit + 1,
      after: query.after,
      ownerId: query.ownerId,
      nameContains: query.q,
    });
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    response.json({
      portalId: portal.id,
      asOf: onDate,
      currency: portal.currency,
      results: page.map((row) => ({
        id: row.id,
        name: row.name,
        domain: row.domain,
        industry: row.industry,
        tier: row.tier,
        owner: ownerOf(row),
        customerStatus: customerStatusOf(row),
        mrr: toMajorUnits(row.mrrMinor, digits),
        arr: toMajorUnits(row.mrrMinor * 12, digits),
      })),
      paging: rows.length > query.limit && last ? { next: { after: last.id } } : null,
    });
  });
  return router;
}
