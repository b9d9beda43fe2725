import { Router } from 'express';
import { z } from 'zod';
import type { Database } from '../../db/client';
import type { PlaybookEvaluationQueue } from '../../services/background-work';
import type { PortalResolver } from '../portal-resolver';
import { parseColumnMappings } from '../../domain/usage/csv-mapping';
import type { IngestionSettings } from '../../domain/usage/ingestion-settings';
import { CsvLimitExceeded, importUsageCsv, type CsvImportReport } from '../../services/ingestion/csv-import';
import { ingestionTarget } from '../../services/ingestion/ingest-events';
import { listUnmatchedAccounts } from '../../services/ingestion/pending-events';
import { unmatchedSummary } from '../../services/ingestion/unmatched-summary';
import { ingestUsageBatch } from '../../services/ingestion/usage-batch';
import { ServiceError } from '../../services/service-error';
import { callerOf } from '../middleware/ingestion-auth';
import { parseBody, parseQuery } from '../validation';
import { jsonBody } from '../json-body';

export const batchQuerySchema = z.object({
  partial: z
    .enum(['true', 'false'])
    .default('false')
    .transform((value) => value === 'true'),
});

export const unmatchedQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  after: z.string().min(1).max(256).optional(),
  portalId: z.coerce.number().int().positive().optional(),
});

export const csvQuerySchema = z.object({
  // `map=column=field`, repeated or comma-separated.
  map: z.union([z.string(), z.array(z.string())]).optional(),
});

/** 413 for an upload over a cap; rows before the cap that were stored are in the details (a resend is deduplicated). */
function csvTooLarge(limit: 'bytes' | 'rows', maximum: number, report?: CsvImportReport): ServiceError {
  const what = limit === 'bytes' ? `${maximum} bytes` : `${maximum} rows`;
  return new ServiceError(
    'payload_too_large',
    `A CSV upload may hold at most ${what}: split the file and send the parts`,
    {
      limit,
      maximum,
      ...(report === undefined ? {} : { readBeforeStop: report }),
    },
  );
}

export function usageRouter(db: Database, settings: IngestionSettings, work?: PlaybookEvaluationQueue): Router {
  const router = Router();
  const batchBodySchema = z.object({ events: z.array(z.unknown()).min(1).max(settings.maxBatchEvents) });

  router.post('/batch', ...jsonBody('10mb'), async (request, response) => {
    const { partial } = parseQuery(batchQuerySchema, request.query);
    const body = parseBody(batchBodySchema, request.body);
    const target = await ingestionTarget(db, callerOf(response).portalId, settings, 'ingestion-key', work);
    const result = await ingestUsageBatch(target, body.events, { partial });
    response.status(partial && result.rejected.length > 0 ? 207 : 200).json(result);
  });

  router.post('/csv', async (request, response) => {
    if (!request.is('text/csv') && !request.is('text/plain') && !request.is('application/csv')) {
      throw new ServiceError('validation_failed', 'Send the file as text/csv', {
        fields: [{ field: 'content-type', message: 'expected text/csv' }],
      });
    }
    const query = parseQuery(csvQuerySchema, request.query);
    const pairs = (Array.isArray(query.map) ? query.map : query.map === undefined ? [] : [query.map]).flatMap((value) =>
      value.split(','),
    );
    const mappings = (() => {
      try {
        return parseColumnMappings(pairs);
      } catch (error) {
        if (error instanceof z.ZodError) throw ServiceError.fromZod(error, 'query');
        throw error;
      }
    })();
    const target = await ingestionTarget(db, callerOf(response).portalId, settings, 'ingestion-key', work);
    const declared = Number(request.get('content-length') ?? 0);
    if (declared > target.settings.csvMaxBytes) throw csvTooLarge('bytes', target.settings.csvMaxBytes);
    try {
      response.json(await importUsageCsv(target, request, mappings));
    } catch (error) {
      if (error instanceof CsvLimitExceeded) throw csvTooLarge(error.limit, error.maximum, error.report);
      throw error;
    }
  });
  return router;
}

/** The data API's read of ingestion: an `api` key's (or, open, the configured portal's) unmatched accounts; ingest keys only write. */
export function unmatchedRouter(db: Database, settings: IngestionSettings, portals: PortalResolver): Router {
  const router = Router();
  router.get('/unmatched', async (request, response) => {
    const query = parseQuery(unmatchedQuerySchema, request.query);
    const portalId = (await portals.resolve(query.portalId, request)).id;
    const rows = await listUnmatchedAccounts(db, portalId, query.limit + 1, query.after ?? null);
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    response.json({
      results: page.map((row) => ({ ...row, firstAt: row.firstAt.toISOString(), lastAt: row.lastAt.toISOString() })),
      paging: rows.length > query.limit && last ? { next: { after: last.accountId ?? '' } } : null,
      summary: await unmatchedSummary(db, portalId, settings),
    });
  });
  return router;
}
