import { ingestionSettingsSchema, type IngestionSettingsInput } from '../../domain/usage/ingestion-settings';
import { jobBackedWork } from '../../jobs/background-work';
import type { JobQueue } from '../../jobs/job-queue';
import type { HttpModule } from '../http-module';
import { ingestionAuth } from '../middleware/ingestion-auth';
import { segmentRouter } from './segment-routes';
import { surveysRouter } from './surveys-routes';
import { unmatchedRouter, usageRouter } from './usage-routes';

/**
 * Usage and survey ingestion: `/api/v1/usage/*`, `/api/v1/surveys` and Segment's `/v1/*`, each write
 * authenticated by a portal's ingestion key (Bearer; Basic with the key as write key for Segment). The one
 * read, `GET /api/v1/usage/unmatched`, is guarded like the rest of the data API.
 */
export function ingestionModule(settingsInput: IngestionSettingsInput = {}, jobs?: JobQueue): HttpModule {
  const settings = ingestionSettingsSchema.parse(settingsInput);
  // Stored events and answers ask for a playbook evaluation (debounced per portal) when a queue runs.
  const work = jobs ? jobBackedWork(jobs) : undefined;
  return (app, { db, logger, portals }) => {
    // Reads are the data API's (an api key, or open mode), mounted before the ingest key's writes.
    app.use('/api/v1/usage', unmatchedRouter(db, settings, portals));
    app.use('/api/v1/usage', ingestionAuth(db, 'bearer'), usageRouter(db, settings, work));
    app.use('/api/v1/surveys', ingestionAuth(db, 'bearer'), surveysRouter(db, settings, work));
    app.use('/v1', ingestionAuth(db, 'basic'), segmentRouter(db, settings, logger, work));
  };
}
