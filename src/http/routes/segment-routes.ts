import express, { Router, type Request } from 'express';
import { z } from 'zod';
import type { Database } from '../../db/client';
import type { IngestionSettings } from '../../domain/usage/ingestion-settings';
import { segmentBatchSchema } from '../../domain/usage/segment-messages';
import { ingestionTarget } from '../../services/ingestion/ingest-events';
import { ingestSegmentCalls, type SegmentCall } from '../../services/ingestion/segment-ingestion';
import { callerOf } from '../middleware/ingestion-auth';
import { parseBody } from '../validation';

const objectBody = z.record(z.string(), z.unknown());

// Segment's libraries send JSON with or without a charset, sometimes as text/plain (browser beacons).
const jsonBody = express.json({ limit: '1mb', type: ['application/json', 'text/plain'] });

/** Segment's HTTP tracking API (`/v1/track`, `/v1/identify`, `/v1/group`, `/v1/batch`), answered like Segment does. */
export function segmentRouter(db: Database, settings: IngestionSettings): Router {
  const router = Router();
  const single = (type: 'track' | 'identify' | 'group') => async (request: Request, response: express.Response) => {
    const message = parseBody(objectBody, request.body);
    const target = await ingestionTarget(db, callerOf(response).portalId, settings);
    await ingestSegmentCalls(target, [{ type, message }], { list: null, receivedAt: Date.now() });
    response.json({ success: true });
  };
  router.post('/track', jsonBody, single('track'));
  router.post('/identify', jsonBody, single('identify'));
  router.post('/group', jsonBody, single('group'));
  router.post('/batch', jsonBody, async (request, response) => {
    const body = parseBody(segmentBatchSchema, request.body);
    const calls: SegmentCall[] = body.batch.map((message) => {
      const context = { ...body.context, ...(typeof message.context === 'object' && message.context !== null ? message.context : {}) };
      return { type: message.type, message: { sentAt: body.sentAt, ...message, context } };
    });
    const target = await ingestionTarget(db, callerOf(response).portalId, settings);
    await ingestSegmentCalls(target, calls, { list: 'batch', receivedAt: Date.now() });
    response.json({ success: true });
  });
  return router;
}
