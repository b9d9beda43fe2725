import express, { Router } from 'express';
import { z } from 'zod';
import type { Database } from '../../db/client';
import { digestSchema } from '../../domain/digests/digest-schema';
import { calendarDateSchema } from '../../domain/time/calendar-date';
import { instantToLocalDate } from '../../domain/time/time-zone';
import { previewDigests } from '../../services/digests/preview-digests';
import type { HttpModule } from '../http-module';
import type { PortalResolver } from '../portal-resolver';
import { parseQuery } from '../validation';

export const digestPreviewApiPath = '/api/v1/digests/preview';

export const digestPreviewQuerySchema = z.object({
  portalId: z.coerce.number().int().positive().optional(),
  /** One recipient's digest (a CSM's HubSpot email or a manager address); absent: every recipient's. */
  recipient: z.email().optional(),
  /** The day the digest would be sent on; absent: the portal's today. */
  sentOn: calendarDateSchema.optional(),
});

export const digestPreviewAnswerSchema = z.object({
  portalId: z.number().int(),
  sentOn: calendarDateSchema,
  digests: z.array(digestSchema.extend({ subject: z.string(), text: z.string(), html: z.string() })),
});

export function digestRouter(db: Database, portals: PortalResolver): Router {
  const router = Router();
  router.get('/preview', async (request, response) => {
    const query = parseQuery(digestPreviewQuerySchema, request.query);
    const portal = await portals.resolve(query.portalId, request);
    const sentOn = query.sentOn ?? instantToLocalDate(Date.now(), portal.timeZone);
    const previews = await previewDigests(db, portal, sentOn, { recipient: query.recipient });
    const answer: z.infer<typeof digestPreviewAnswerSchema> = {
      portalId: portal.id,
      sentOn,
      digests: previews.map(({ digest, rendered }) => ({ ...digest, ...rendered })),
    };
    response.json(answer);
  });
  return router;
}

/** `GET /api/v1/digests/preview`: each recipient's digest (its sections, subject, text and HTML) as it would go out. */
export function digestModule(): HttpModule {
  return (app, { db, portals }) => {
    app.use('/api/v1/digests', express.json({ limit: '16kb' }), digestRouter(db, portals));
  };
}
