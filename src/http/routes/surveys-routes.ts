import { Router } from 'express';
import type { Database } from '../../db/client';
import type { IngestionSettings } from '../../domain/usage/ingestion-settings';
import { surveyBatchSchema } from '../../domain/usage/survey-input';
import { ingestionTarget } from '../../services/ingestion/ingest-events';
import { ingestSurveyAnswers } from '../../services/ingestion/surveys';
import { callerOf } from '../middleware/ingestion-auth';
import { parseBody } from '../validation';
import { jsonBody } from '../json-body';

export function surveysRouter(db: Database, settings: IngestionSettings): Router {
  const router = Router();
  router.post('/', ...jsonBody('2mb'), async (request, response) => {
    const body = parseBody(surveyBatchSchema, request.body);
    const target = await ingestionTarget(db, callerOf(response).portalId, settings);
    response.json(await ingestSurveyAnswers(target, body.responses));
  });
  return router;
}
