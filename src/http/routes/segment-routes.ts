import express, { Router, type Request } from 'express';
import { z } from 'zod';
import type { Logger } from '../../config/logger';
import type { Database } from '../../db/client';
import type { PlaybookEvaluationQueue } from '../../services/background-work';
import type { IngestionSettings } from '../../domain/usage/ingestion-settings';
import { segmentBatchEnvelopeSchema } from '../../domain/usage/segment-messages';
import { ingestionTarget } from '../../services/ingestion/ingest-events';
import { batchCalls, ingestSegmentCalls } from '../../services/ingestion/segment-ingestion';
import { problemsToError } from '../../services/ingestion/usage-batch';
import { callerOf } from '../middleware/ingestion-auth';
import { parseBody } from '../validation';

const objectBody = z.record(z.string(), z.unknown());

// Segment's libraries send JSON with or without a charset, sometimes as text/plain (browser beacons).
const jsonBody = express.json({ limit: '1mb', type: ['application/json', 'text/plain'] });

// The batch answer lists this many rejected calls; `rejectedCount` counts them all.
const listedRejections = 100;

/** Segment's HTTP tracking API (`/v1/track`, `/v1/identify`, `/v1/group`, `/v1/batch`), answered like Segment does. */
export function segmentRouter(
  db: Database,
  settings: IngestionSettings,
  logger: Logger,
  work?: PlaybookEvaluationQueue,
): Router {
  const router = Router();
  const single = (type: 'track' | 'identify' | 'group') => async (request: Request, response: express.Response) => {
    const message = parseBody(objectBody, request.body);
    const target = await ingestionTarget(db, callerOf(response).portalId, settings, 'ingestion-key', work);
    const result = await ingestSegmentCalls(target, [{ type, message }], Date.now());
    // One call: nothing was stored, and Segment does not retry a 400.
    if (result.rejected.length > 0) throw problemsToError(result.rejected, null, 'message');
    response.json({ success: true });
  };
  router.post('/track', jsonBody, single('track'));
  router.post('/identify', jsonBody, single('identify'));
  router.post('/group', jsonBody, single('group'));
  // Segment retries only 5xx and 429, so a bad call must not fail its batch: it is listed, logged and counted, the rest stored.
  router.post('/batch', jsonBody, async (request, response) => {
    const body = parseBody(segmentBatchEnvelopeSchema, request.body);
    const { portalId } = callerOf(response);
    const target = await ingestionTarget(db, portalId, settings, 'ingestion-key', work);
    const result = await ingestSegmentCalls(target, batchCalls(body), Date.now());
    const { rejected } = result;
    const rejectedCount = new Set(rejected.map((problem) => problem.index)).size;
    if (rejectedCount > 0) {
      logger.warn(
        {
          portalId,
          rejectedCalls: rejectedCount,
          calls: body.batch.length,
          fields: rejected
            .slice(0, 10)
            .map((problem) => `batch[${problem.index}].${problem.field}: ${problem.message}`),
        },
        'Segment batch: calls rejected',
      );
    }
    response.json({
      success: true,
      stored: result.stored,
      duplicates: result.duplicates,
      unmatched: result.unmatched,
      rejectedCount,
      rejected: rejected
        .slice(0, listedRejections)
        .map((problem) => ({ ...problem, field: `batch[${problem.index}].${problem.field}` })),
    });
  });
  return router;
}
