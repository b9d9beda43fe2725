import { ingestionSettingsSchema, type IngestionSettingsInput } from '../../domain/usage/ingestion-settings';
import type { HttpModule } from '../http-module';
import { ingestionAuth } from '../middleware/ingestion-auth';
import { segmentRouter } from './segment-routes';
import { surveysRouter } from './surveys-routes';
import { usageRouter } from './usage-routes';

/**
 * Usage and survey ingestion: `/api/v1/usage/*`, `/api/v1/surveys` and Segment's `/v1/*`, each request
 * authenticated by a portal's ingestion key (Bearer; Basic with the key as write key for Segment).
 */
export function ingestionModule(settingsInput: IngestionSettingsInput = {}): HttpModule {
  const settings = ingestionSettingsSchema.parse(settingsInput);
  return (app, { db }) => {
    app.use('/api/v1/usage', ingestionAuth(db, 'bearer'), usageRouter(db, settings));
    app.use('/api/v1/surveys', ingestionAuth(db, 'bearer'), surveysRouter(db, settings));
    app.use('/v1', ingestionAuth(db, 'basic'), segmentRouter(db, settings));
  };
}
