import { Router } from 'express';
import type { Database } from '../../db/client';
import type { PlaybookEvaluationQueue } from '../../services/background-work';
import type { IngestionSettings } from '../../domain/usage/ingestion-settings';
import { surveyBatchSchema } from '../../domain/usage/survey-input';
import { ingestionTarget } from '../../services/ingestion/ingest-events';
import { ingestSurveyAnswers } from '../../services/ingestion/surveys';
import { callerOf } from '../middleware/ingestion-auth';
import { parseBody, parseQuery } from '../validation';
import { batchQuerySchema } from './usage-routes';
import { jsonBody } from '../json-body';

export function surveysRouter(db: Database, settings: IngestionSettings, work?: PlaybookEvaluationQueue): Router {
  const router = Router();
  router.post('/', ...jsonBody('2mb'), async (request, response) => {
    const { partial } = parseQuery(batchQuerySchema, request.query);
    const body = parseBody(surveyBatchSchema, request.body);
    const target = await ingestionTarget(db, callerOf(response).portalId, settings, 'ingestion-key', work);
    const result = await ingestSurveyAnswers(target, body.responses, { partial });
    response.status(partial && result.rejected.length > 0 ? 207 : 200).json(result);
  });
  return router;
}
